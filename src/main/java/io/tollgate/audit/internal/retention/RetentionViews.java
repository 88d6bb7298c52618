package io.tollgate.audit.internal.retention;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tollgate.audit.AuditCheckpoint;
import org.jspecify.annotations.Nullable;

/** What the retention services hand to the web layer and to operators: plain values. */
public final class RetentionViews {

    public static final int DEFAULT_RETENTION_DAYS = 90;
    public static final int MIN_RETENTION_DAYS = 30;
    public static final int MAX_RETENTION_DAYS = 3650;

    private RetentionViews() {
    }

    public record Settings(int retentionDays, boolean legalHold, long version, @Nullable Instant updatedAt,
                           @Nullable String updatedBy) {

        public static final Settings DEFAULTS = new Settings(DEFAULT_RETENTION_DAYS, false, 0, null, null);
    }

    /** Where the stored chain begins after purges: the last purged event and its hash. */
    public record Anchor(long upToSeq, String lastHash, long purgedCount, Instant purgedAt) {
    }

    public record Run(UUID id, Instant startedAt, Instant finishedAt, String outcome, @Nullable Long fromSeq,
                      @Nullable Long toSeq, long eventCount, @Nullable String detail) {
    }

    public record ArchiveRow(UUID id, long fromSeq, long toSeq, long eventCount, String manifestSha256,
                             int fileCount, String location, Instant verifiedAt) {
    }

    /** The key checkpoints are signed with now, for whoever pins it. */
    public record SigningKeyView(String algorithm, String keyId, String publicKey) {
    }

    /** What the settings page shows. */
    public record Overview(Settings settings, long storedEvents, @Nullable Anchor anchor,
                           @Nullable AuditCheckpoint latestCheckpoint, List<Run> runs, List<ArchiveRow> archives,
                           SigningKeyView signingKey) {
    }
}
