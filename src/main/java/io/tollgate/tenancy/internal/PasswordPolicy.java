package io.tollgate.tenancy.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Length over composition (NIST SP 800-63B): at least 12 characters, not the e-mail, not a well-known password. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private static final Set<String> COMMON = Set.of("password1234", "123456789012", "qwertyuiopas",
            "passwordpassword", "letmeinletmein", "administrator", "iloveyou1234", "welcome12345", "tollgate1234",
            "changeme1234", "111111111111", "aaaaaaaaaaaa", "abcdefghijkl", "qwerty123456", "password123!");

    private PasswordPolicy() {
    }

    /** Why the password is refused, or empty when it is acceptable. */
    public static Optional<String> problemWith(String password, String email) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || lower.chars().distinct().count() < 4) {
            return Optional.of("This password is too easy to guess.");
        }
        if (!email.isBlank() && lower.contains(email.toLowerCase(Locale.ROOT).split("@")[0])
                && email.split("@")[0].length() >= 4) {
            return Optional.of("Do not use your e-mail address in the password.");
        }
        return Optional.empty();
    }
}
