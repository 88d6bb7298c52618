package io.tollgate.audit.internal.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.tollgate.audit.AuditCheckpoint;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.internal.retention.RetentionViews.Anchor;
import io.tollgate.audit.internal.retention.RetentionViews.ArchiveRow;
import io.tollgate.audit.internal.retention.RetentionViews.Run;
import io.tollgate.audit.internal.retention.RetentionViews.Settings;
import io.tollgate.platform.Ids;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** SQL of retention, checkpoints, archives and purges. Always inside a tenant-bound transaction (RLS scopes it). */
@Repository
class RetentionStore {

    record Head(long seq, String hash) {
    }

    /** The events a purge may take: contiguous seqs, all older than the cut, never the head. */
    record Range(long fromSeq, long toSeq) {

        long count() {
            return toSeq - fromSeq + 1;
        }
    }

    private static final String EVENT_COLUMNS = "tenant_id, id, seq, occurred_at, actor_type, actor_id, actor_name,"
            + " action, target_type, target_id, request_id, trace_id, ip, user_agent, changes, prev_hash, hash";
    private static final String CHECKPOINT_COLUMNS = "tenant_id, seq, hash, signed_at, key_id, signature, public_key";
    private static final RowMapper<AuditCheckpoint> CHECKPOINT = RetentionStore::checkpoint;

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;

    RetentionStore(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        // Archives can be large: fetch in batches (PgJDBC streams with a fetch size inside a transaction).
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1000);
    }

    /** One archiver per tenant at a time, across replicas; released when the transaction ends. */
    boolean tryLock(TenantId tenant) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT pg_try_advisory_xact_lock(hashtextextended('tollgate.audit.retention:' || ?, 0))",
                Boolean.class, tenant.toString()));
    }

    Settings settings() {
        return jdbc.query("SELECT retention_days, legal_hold, version, updated_at, updated_by"
                        + " FROM audit_retention_settings", (rs, n) -> new Settings(rs.getInt(1), rs.getBoolean(2),
                        rs.getLong(3), rs.getTimestamp(4).toInstant(), rs.getString(5)))
                .stream().findFirst().orElse(Settings.DEFAULTS);
    }

    /** Writes the settings if they are still at {@code expectedVersion}; false when someone changed them first. */
    boolean saveSettings(TenantId tenant, int retentionDays, boolean legalHold, long expectedVersion,
                         String updatedBy) {
        int updated = jdbc.update("""
                UPDATE audit_retention_settings
                SET retention_days = ?, legal_hold = ?, version = version + 1, updated_at = now(), updated_by = ?
                WHERE version = ?""", retentionDays, legalHold, updatedBy, expectedVersion);
        if (updated == 0 && expectedVersion == 0) {
            updated = jdbc.update("""
                    INSERT INTO audit_retention_settings (tenant_id, retention_days, legal_hold, version, updated_by)
                    VALUES (?, ?, ?, 1, ?) ON CONFLICT (tenant_id) DO NOTHING""",
                    tenant.value(), retentionDays, legalHold, updatedBy);
        }
        return updated == 1;
    }

    /** The last sealed event: checkpoints and archive cuts cover only sealed events (ADR 0052). */
    Optional<Head> head() {
        return jdbc.query("SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1",
                (rs, n) -> new Head(rs.getLong(1), rs.getString(2))).stream().findFirst();
    }

    Optional<String> hashAt(long seq) {
        return jdbc.query("SELECT hash FROM audit_events WHERE seq = ?", (rs, n) -> rs.getString(1), seq)
                .stream().findFirst();
    }

    Optional<Anchor> latestAnchor() {
        return jdbc.query("SELECT up_to_seq, last_hash, purged_count, purged_at FROM audit_purge_anchors"
                        + " ORDER BY up_to_seq DESC LIMIT 1",
                (rs, n) -> new Anchor(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant()))
                .stream().findFirst();
    }

    /**
     * The oldest events (at most {@code max}) that are older than the retention period by the database clock,
     * stopping before the first younger event and before the head, which new events link to and so always stays.
     */
    Optional<Range> purgeableRange(int retentionDays, long max) {
        return jdbc.query("""
                WITH chain AS (SELECT min(seq) AS first_seq, max(seq) AS head FROM audit_events),
                     young AS (SELECT min(seq) AS first_young FROM audit_events
                               WHERE occurred_at >= now() - make_interval(days => ?))
                SELECT chain.first_seq,
                       least(coalesce(young.first_young, chain.head + 1) - 1, chain.head - 1, chain.first_seq + ? - 1)
                FROM chain, young WHERE chain.first_seq IS NOT NULL""",
                (rs, n) -> new Range(rs.getLong(1), rs.getLong(2)), retentionDays, max)
                .stream().filter(range -> range.toSeq() >= range.fromSeq()).findFirst();
    }

    /** Events of the range in chain order, streamed. */
    void forEachInRange(Range range, Consumer<AuditRecord> consumer) {
        streaming.query("SELECT " + EVENT_COLUMNS + " FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq",
                rs -> {
                    consumer.accept(event(rs));
                }, range.fromSeq(), range.toSeq());
    }

    long eventCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM audit_events", Long.class);
        return count == null ? 0 : count;
    }

    Optional<AuditCheckpoint> checkpoint(long seq, String keyId) {
        return jdbc.query("SELECT " + CHECKPOINT_COLUMNS + " FROM audit_checkpoints WHERE seq = ? AND key_id = ?",
                CHECKPOINT, seq, keyId).stream().findFirst();
    }

    Optional<AuditCheckpoint> latestCheckpoint() {
        return checkpoints(1).stream().findFirst();
    }

    List<AuditCheckpoint> checkpoints(int limit) {
        return jdbc.query("SELECT " + CHECKPOINT_COLUMNS + " FROM audit_checkpoints"
                + " ORDER BY seq DESC, signed_at DESC LIMIT ?", CHECKPOINT, limit);
    }

    /** Records a checkpoint unless this key already signed that seq (another replica may have been first). */
    void insertCheckpoint(UUID id, AuditCheckpoint c) {
        jdbc.update("""
                INSERT INTO audit_checkpoints (tenant_id, id, seq, hash, signed_at, key_id, public_key, signature)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, seq, key_id) DO NOTHING""",
                c.tenantId(), id, c.seq(), c.hash(), Timestamp.from(c.signedAt()), c.keyId(), c.publicKey(),
                c.signature());
    }

    void insertArchive(TenantId tenant, UUID id, Range range, String firstPrevHash, String lastHash,
                       String manifestSha256, int fileCount, String location) {
        jdbc.update("""
                INSERT INTO audit_archives (tenant_id, id, from_seq, to_seq, event_count, first_prev_hash, last_hash,
                                            manifest_sha256, file_count, location)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                tenant.value(), id, range.fromSeq(), range.toSeq(), range.count(), firstPrevHash, lastHash,
                manifestSha256, fileCount, location);
    }

    List<ArchiveRow> archives(int limit) {
        return jdbc.query("""
                SELECT id, from_seq, to_seq, event_count, manifest_sha256, file_count, location, verified_at
                FROM audit_archives ORDER BY to_seq DESC, verified_at DESC LIMIT ?""",
                (rs, n) -> new ArchiveRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getTimestamp(8).toInstant()), limit);
    }

    /** Purges through the database's gatekeeper (legal hold, retention, recorded archive, head); returns the count. */
    long purge(long upToSeq, String manifestSha256) {
        Long deleted = jdbc.queryForObject("SELECT audit_purge(?, ?)", Long.class, upToSeq, manifestSha256);
        return deleted == null ? 0 : deleted;
    }

    void insertRun(TenantId tenant, Instant startedAt, String outcome, @Nullable Range range, long eventCount,
                   @Nullable UUID archiveId, @Nullable String detail) {
        jdbc.update("""
                INSERT INTO audit_archive_runs (tenant_id, id, started_at, outcome, from_seq, to_seq, event_count,
                                                archive_id, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                tenant.value(), Ids.newUuid(), Timestamp.from(startedAt), outcome,
                range == null ? null : range.fromSeq(), range == null ? null : range.toSeq(), eventCount, archiveId,
                detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000));
    }

    List<Run> runs(int limit) {
        return jdbc.query("""
                SELECT id, started_at, finished_at, outcome, from_seq, to_seq, event_count, detail
                FROM audit_archive_runs ORDER BY finished_at DESC LIMIT ?""",
                (rs, n) -> new Run(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getObject(5, Long.class),
                        rs.getObject(6, Long.class), rs.getLong(7), rs.getString(8)), limit);
    }

    private static AuditCheckpoint checkpoint(ResultSet rs, int row) throws SQLException {
        return new AuditCheckpoint(rs.getObject("tenant_id", UUID.class), rs.getLong("seq"), rs.getString("hash"),
                rs.getTimestamp("signed_at").toInstant(), rs.getString("key_id"), rs.getString("signature"),
                rs.getString("public_key"));
    }

    private static AuditRecord event(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
                rs.getObject("seq", Long.class), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_type"),
                rs.getString("actor_id"), rs.getString("actor_name"), rs.getString("action"),
                rs.getString("target_type"), rs.getString("target_id"), rs.getString("request_id"),
                rs.getString("trace_id"), rs.getString("ip"), rs.getString("user_agent"), rs.getString("changes"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
