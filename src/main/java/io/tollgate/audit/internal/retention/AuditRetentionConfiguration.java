package io.tollgate.audit.internal.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * The checkpoint signing key and the archive target. Like the token pepper, the key comes from configuration
 * ({@code tollgate.audit.signing-key}: env {@code TOLLGATE_AUDIT_SIGNING_KEY} or Vault), is required in prod, and is
 * generated once into {@code <tollgate.home>/audit-signing-key} in the zero-setup mode.
 */
@Configuration(proxyBeanMethods = false)
class AuditRetentionConfiguration {

    static final String LOCAL_KEY_FILE = "audit-signing-key";

    @Bean
    AuditSigningKey auditSigningKey(AuditProperties properties, Environment environment) {
        // Relaxed binding maps TOLLGATE_AUDIT_SIGNINGKEY, not TOLLGATE_AUDIT_SIGNING_KEY; accept the documented name.
        String configured = StringUtils.hasText(properties.signingKey()) ? properties.signingKey()
                : environment.getProperty("TOLLGATE_AUDIT_SIGNING_KEY");
        if (StringUtils.hasText(configured)) {
            return AuditSigningKey.fromPkcs8(configured);
        }
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException(
                    "tollgate.audit.signing-key (TOLLGATE_AUDIT_SIGNING_KEY) must be set in the prod profile");
        }
        return localKey(home(environment).resolve(LOCAL_KEY_FILE));
    }

    @Bean
    ArchiveTarget auditArchiveTarget(AuditProperties properties, Environment environment) {
        AuditProperties.S3 s3 = properties.archive().s3();
        if (s3.enabled()) {
            return new S3ArchiveTarget(s3, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build());
        }
        Path directory = properties.archive().directory() != null ? properties.archive().directory()
                : home(environment).resolve("audit-archive");
        return new DirectoryArchiveTarget(directory);
    }

    private static Path home(Environment environment) {
        return Path.of(environment.getProperty("tollgate.home", "./.tollgate"));
    }

    private static AuditSigningKey localKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, AuditSigningKey.generate().encodedPrivateKey());
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            return AuditSigningKey.fromPkcs8(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the local audit signing key " + file, e);
        }
    }
}
