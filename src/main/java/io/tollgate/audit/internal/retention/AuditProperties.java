package io.tollgate.audit.internal.retention;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tollgate.audit.*}. The signing key (base64 PKCS#8 Ed25519, env {@code TOLLGATE_AUDIT_SIGNING_KEY} or a
 * Vault secret) is required in the prod profile; elsewhere one is generated into the Tollgate home folder. The
 * archive goes to {@code archive.directory} (default {@code <tollgate.home>/audit-archive}) unless
 * {@code archive.s3.bucket} is set.
 */
@Validated
@ConfigurationProperties("tollgate.audit")
public record AuditProperties(@DefaultValue @Valid Archive archive, @DefaultValue @Valid Checkpoint checkpoint,
                              @DefaultValue @Valid Retention retention, @DefaultValue @Valid Verify verify,
                              @DefaultValue @Valid Seal seal, @Nullable String signingKey) {

    /**
     * Where archives go and how they are cut: at most {@code eventsPerFile} events per gzip file and
     * {@code maxEventsPerArchive} per archive (a tenant with more aged events gets several archives in one run).
     */
    public record Archive(@Nullable Path directory,
                          @DefaultValue("10000") @Min(value = 1, message = "tollgate.audit.archive.events-per-file must be 1–1000000")
                          @Max(value = 1_000_000, message = "tollgate.audit.archive.events-per-file must be 1–1000000") int eventsPerFile,
                          @DefaultValue("200000") @Min(value = 1, message = "tollgate.audit.archive.max-events-per-archive must be at least 1")
                          int maxEventsPerArchive,
                          @DefaultValue @Valid S3 s3) {
    }

    /** An S3-compatible bucket (AWS S3, MinIO, Ceph, R2 …), signed with AWS Signature V4. */
    public record S3(@Nullable URI endpoint, @DefaultValue("us-east-1") String region, @Nullable String bucket,
                     @DefaultValue("") String prefix, @Nullable String accessKey, @Nullable String secretKey,
                     @DefaultValue("true") boolean pathStyle) {

        public S3 {
            if (StringUtils.hasText(bucket)) {
                require(endpoint != null, "endpoint");
                require(StringUtils.hasText(accessKey), "access-key");
                require(StringUtils.hasText(secretKey), "secret-key");
                require(StringUtils.hasText(region), "region");
                if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())) {
                    throw new IllegalArgumentException("tollgate.audit.archive.s3.endpoint must be an http(s) URL");
                }
            }
        }

        public boolean enabled() {
            return StringUtils.hasText(bucket);
        }

        private static void require(boolean present, String property) {
            if (!present) {
                throw new IllegalArgumentException("tollgate.audit.archive.s3." + property
                        + " must be set when tollgate.audit.archive.s3.bucket is set");
            }
        }
    }

    /** How often every tenant's chain head is signed (only when it changed). */
    public record Checkpoint(@DefaultValue("PT15M") Duration interval, @DefaultValue("PT2M") Duration initialDelay) {

        public Checkpoint {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("tollgate.audit.checkpoint.interval must be positive");
            }
        }
    }

    /** When the archive-and-purge job runs (a Spring cron expression, server time zone). */
    public record Retention(@DefaultValue("true") boolean enabled, @DefaultValue("0 30 3 * * *") String schedule) {

        public Retention {
            if (!CronExpression.isValidExpression(schedule)) {
                throw new IllegalArgumentException("tollgate.audit.retention.schedule is not a valid cron expression: "
                        + schedule);
            }
        }
    }

    /**
     * The sealer (ADR 0052): {@code workers} threads seal tenants signalled after commit, in batches of at most
     * {@code batchSize} events; every {@code sweepInterval} a sweep finds tenants whose events still wait (another
     * replica crashed, a batch failed) and refreshes the backlog gauges. A tenant another replica is sealing is
     * tried again after {@code retryDelay}. {@code enabled=false} stops sealing on this replica (events then wait,
     * and the unsealed-age alert fires): for incidents only.
     */
    public record Seal(@DefaultValue("true") boolean enabled,
                       @DefaultValue("2") @Min(value = 1, message = "tollgate.audit.seal.workers must be 1–16")
                       @Max(value = 16, message = "tollgate.audit.seal.workers must be 1–16") int workers,
                       @DefaultValue("500") @Min(value = 1, message = "tollgate.audit.seal.batch-size must be 1–10000")
                       @Max(value = 10_000, message = "tollgate.audit.seal.batch-size must be 1–10000") int batchSize,
                       @DefaultValue("PT5S") Duration sweepInterval, @DefaultValue("PT10S") Duration sweepInitialDelay,
                       @DefaultValue("PT0.2S") Duration retryDelay) {

        public Seal {
            if (sweepInterval.isNegative() || sweepInterval.isZero()) {
                throw new IllegalArgumentException("tollgate.audit.seal.sweep-interval must be positive");
            }
            if (retryDelay.isNegative() || retryDelay.isZero()) {
                throw new IllegalArgumentException("tollgate.audit.seal.retry-delay must be positive");
            }
        }
    }

    /** The periodic chain verification (read by the verification job). */
    public record Verify(@DefaultValue("PT1M") Duration initialDelay, @DefaultValue("PT1H") Duration interval) {
    }
}
