package io.tollgate.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import io.tollgate.platform.SecretCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * The key that seals secrets Tollgate reads back (IdP client secrets) comes from {@code tollgate.security.secrets-key}
 * (env {@code TOLLGATE_SECRETS_KEY}, or Vault): base64 of 32 random bytes. In production it is required; in the
 * zero-setup mode one is generated once and kept in the Tollgate home folder, like the token pepper.
 */
@Configuration(proxyBeanMethods = false)
class SecretsKeyConfiguration {

    static final String PROPERTY = "tollgate.security.secrets-key";

    @Bean
    SecretCipher secretCipher(Environment environment) {
        String configured = environment.getProperty(PROPERTY);
        if (StringUtils.hasText(configured)) {
            return new SecretCipher(decode(configured.trim()));
        }
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException(PROPERTY + " (TOLLGATE_SECRETS_KEY) must be set in the prod profile: "
                    + "base64 of 32 random bytes, e.g. `openssl rand -base64 32`");
        }
        Path home = Path.of(environment.getProperty("tollgate.home", "./.tollgate"));
        return new SecretCipher(decode(localKey(home.resolve("secrets-key"))));
    }

    private static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(PROPERTY + " (TOLLGATE_SECRETS_KEY) is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(PROPERTY + " (TOLLGATE_SECRETS_KEY) must decode to 32 bytes, not "
                    + key.length + "; generate one with `openssl rand -base64 32`");
        }
        return key;
    }

    private static String localKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
                // On a non-POSIX file system the folder's own permissions apply.
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the local secrets key " + file, e);
        }
    }
}
