package io.tollgate.identity.internal.keys;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

import io.tollgate.platform.TokenHasher;

/**
 * The plaintext form of an API key, {@code tg_live_<public id>_<secret>}: the public id finds the key (and is safe to
 * show and log), the 256-bit secret proves possession. Only an HMAC of the whole string is stored.
 */
record ApiKeyToken(String publicId, String secret) {

    static final String PREFIX = "tg_live_";
    private static final Pattern FORMAT = Pattern.compile("tg_live_([a-z0-9]{16})_([A-Za-z0-9_-]{43})");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    static ApiKeyToken generate() {
        StringBuilder publicId = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            publicId.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new ApiKeyToken(publicId.toString(), TokenHasher.newToken());
    }

    /** Whether a bearer token claims to be a Tollgate API key (and so is never tried as a JWT). */
    static boolean claims(String token) {
        return token.startsWith("tg_");
    }

    static Optional<ApiKeyToken> parse(String token) {
        var matcher = FORMAT.matcher(token);
        return matcher.matches() ? Optional.of(new ApiKeyToken(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    String plaintext() {
        return PREFIX + publicId + "_" + secret;
    }

    @Override
    public String toString() {
        return PREFIX + publicId + "_…";
    }
}
