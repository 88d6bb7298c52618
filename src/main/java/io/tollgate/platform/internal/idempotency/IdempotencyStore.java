package io.tollgate.platform.internal.idempotency;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import io.tollgate.platform.TenantId;
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

    IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Held until the transaction ends. A 32-bit hash can collide; a collision only makes an unrelated request
     * wait for a retry (409), never replay someone else's answer, because the record is matched on the full key.
     */
    boolean tryLock(TenantId tenant, String credential, String key) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?, hashtext(?))",
                Boolean.class, LOCK_NAMESPACE, tenant.value() + "|" + credential + "|" + key));
    }

    Optional<Stored> find(String credential, String key) {
        return jdbc.query("""
                        SELECT request_hash, response_status, response_body, response_location FROM idempotency_records
                        WHERE credential = ? AND idempotency_key = ?""",
                (rs, i) -> new Stored(rs.getBytes(1), rs.getInt(2), rs.getString(3), rs.getString(4)),
                credential, key).stream().findFirst();
    }

    void save(TenantId tenant, String credential, String key, Stored stored) {
        jdbc.update("""
                INSERT INTO idempotency_records (tenant_id, credential, idempotency_key, request_hash, response_status,
                  response_body, response_location) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                tenant.value(), credential, key, stored.requestHash(), stored.status(), stored.body(),
                stored.location());
    }

    int deleteOlderThan(Instant cutoff) {
        return jdbc.update("DELETE FROM idempotency_records WHERE created_at < ?", Timestamp.from(cutoff));
    }
}
