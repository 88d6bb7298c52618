package io.tollgate.platform.internal.idempotency;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import io.tollgate.platform.LockingTransaction;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TransactionWrites;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Idempotency records of the current tenant (RLS). */
@Component
class IdempotencyStore {

    /** Keeps our advisory locks apart from other users of the two-int key space. */
    private static final int LOCK_NAMESPACE = 0x1D3;

    record Stored(byte[] requestHash, int status, String body, @Nullable String location) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionWrites writes;

    IdempotencyStore(JdbcTemplate jdbc, TransactionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /**
     * A transaction that takes the key's advisory lock in its first statement, held until it ends
     * ({@link io.tollgate.platform.TransactionBinding#lockTaken()}). A 32-bit hash can collide; a collision only makes
     * an unrelated request wait for a retry (409), never replay someone else's answer, because the record is matched
     * on the full key.
     */
    static LockingTransaction lockingTransaction(TenantId tenant, String credential, String key) {
        return new LockingTransaction(LOCK_NAMESPACE, tenant.value() + "|" + credential + "|" + key);
    }

    /** {@link #lockingTransaction}'s lock, taken in a transaction that had begun without it. */
    boolean tryLock(LockingTransaction locking) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?, hashtext(?))",
                Boolean.class, locking.namespace(), locking.key()));
    }

    Optional<Stored> find(String credential, String key) {
        writes.flush();
        return jdbc.query("""
                        SELECT request_hash, response_status, response_body, response_location FROM idempotency_records
                        WHERE credential = ? AND idempotency_key = ?""",
                (rs, i) -> new Stored(rs.getBytes(1), rs.getInt(2), rs.getString(3), rs.getString(4)),
                credential, key).stream().findFirst();
    }

    /**
     * Records the answer with the transaction's other queued writes, in their round trip; false when the key already
     * has a record (committed by an earlier request: the caller holds the key's lock), which then stays as it was.
     */
    boolean saveUnlessRecorded(TenantId tenant, String credential, String key, Stored stored) {
        TransactionWrites.Write saved = writes.defer("""
                INSERT INTO idempotency_records (tenant_id, credential, idempotency_key, request_hash, response_status,
                  response_body, response_location) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                tenant.value(), credential, key, stored.requestHash(), stored.status(), stored.body(),
                stored.location());
        writes.flush();
        return saved.rows() == 1;
    }

    int deleteOlderThan(Instant cutoff) {
        return jdbc.update("DELETE FROM idempotency_records WHERE created_at < ?", Timestamp.from(cutoff));
    }
}
