package io.tollgate.audit.internal;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditRecord;
import io.tollgate.platform.TenantId;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL of the sealer. Everything but {@link #backlog()} runs inside a tenant-bound transaction (RLS scopes it). */
@Repository
class AuditSealStore {

    /** The last sealed link of the stored chain, or where it continues after a purge, or the genesis. */
    record Head(long seq, String hash) {
    }

    /** An unsealed event and how long it has waited, by the database clock. */
    record Waiting(AuditRecord record, double waitedSeconds) {
    }

    /** A tenant with events waiting to be sealed. */
    record Backlog(TenantId tenant, long waiting, double oldestWaitedSeconds) {
    }

    private static final String LOCK_KEY = "hashtextextended('tollgate.audit.seal:' || ?, 0)";

    private final JdbcTemplate jdbc;

    AuditSealStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's seal lock, held until the transaction ends; false when another sealer holds it. */
    boolean tryLock(TenantId tenant) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(" + LOCK_KEY + ")",
                Boolean.class, tenant.toString()));
    }

    /** The tenant's seal lock, waiting for whoever holds it. */
    void lock(TenantId tenant) {
        jdbc.queryForObject("SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")) AS locked",
                Integer.class, tenant.toString());
    }

    /**
     * The oldest waiting events in recording order. Read after the lock: every event whose transaction committed
     * before that is visible here, and any committing later is still unsealed for the next batch.
     */
    List<Waiting> waiting(int limit) {
        return jdbc.query("SELECT " + AuditStore.COLUMNS
                        + ", extract(epoch FROM clock_timestamp() - occurred_at)::float8 AS waited"
                        + " FROM audit_events WHERE seq IS NULL ORDER BY recorded_order LIMIT ?",
                (rs, n) -> new Waiting(AuditStore.map(rs, n), rs.getDouble("waited")), limit);
    }

    Head head() {
        return jdbc.query("""
                        SELECT seq, hash FROM (
                          (SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1)
                          UNION ALL
                          (SELECT up_to_seq, last_hash FROM audit_purge_anchors ORDER BY up_to_seq DESC LIMIT 1)
                        ) AS heads ORDER BY seq DESC LIMIT 1""",
                (rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .stream().findFirst().orElse(new Head(0, AuditChain.GENESIS));
    }

    /** Seals the events, in order, through {@code audit_seal()}, which refuses anything but a continuation. */
    int seal(List<AuditRecord> sealed) {
        Integer count = jdbc.execute((ConnectionCallback<Integer>) connection -> {
            Array ids = connection.createArrayOf("uuid", sealed.stream().map(AuditRecord::id).toArray(UUID[]::new));
            Array seqs = connection.createArrayOf("bigint", sealed.stream().map(AuditRecord::seq).toArray(Long[]::new));
            Array prev = connection.createArrayOf("text", sealed.stream().map(AuditRecord::prevHash).toArray());
            Array hashes = connection.createArrayOf("text", sealed.stream().map(AuditRecord::hash).toArray());
            try (PreparedStatement call = connection.prepareStatement("SELECT audit_seal(?, ?, ?, ?)")) {
                call.setArray(1, ids);
                call.setArray(2, seqs);
                call.setArray(3, prev);
                call.setArray(4, hashes);
                try (ResultSet rs = call.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        return count == null ? 0 : count;
    }

    /** Every tenant with events waiting; one statement that binds each tenant in turn (no RLS bypass). */
    List<Backlog> backlog() {
        return jdbc.query("SELECT waiting_tenant, waiting, extract(epoch FROM clock_timestamp()"
                        + " - oldest_recorded_at)::float8 FROM audit_unsealed_summary()",
                (rs, n) -> new Backlog(new TenantId(rs.getObject(1, UUID.class)), rs.getLong(2), rs.getDouble(3)));
    }
}
