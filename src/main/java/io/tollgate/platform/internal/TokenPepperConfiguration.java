package io.tollgate.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.tollgate.platform.TokenHasher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * The pepper comes from {@code tollgate.security.token-pepper} (env {@code TOLLGATE_TOKEN_PEPPER}, or Vault later).
 * In production it is required; in the zero-setup mode one is generated once and kept in the Tollgate home folder.
 */
@Configuration(proxyBeanMethods = false)
class TokenPepperConfiguration {

    @Bean
    TokenHasher tokenHasher(Environment environment) {
        String configured = environment.getProperty("tollgate.security.token-pepper");
        if (StringUtils.hasText(configured)) {
            return new TokenHasher(configured.getBytes(StandardCharsets.UTF_8));
        }
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException(
                    "tollgate.security.token-pepper (TOLLGATE_TOKEN_PEPPER) must be set in the prod profile");
        }
        Path home = Path.of(environment.getProperty("tollgate.home", "./.tollgate"));
        return new TokenHasher(localPepper(home.resolve("token-pepper")));
    }

    private static byte[] localPepper(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, TokenHasher.newToken() + TokenHasher.newToken());
                // On a non-POSIX file system the folder's own permissions apply.
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the local token pepper " + file, e);
        }
    }
}
