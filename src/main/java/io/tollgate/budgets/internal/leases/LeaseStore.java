package io.tollgate.budgets.internal.leases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lease rows and policies of the current tenant (RLS). Every time that decides liveness comes from the database
 * clock. Acquisition locks the row {@code FOR UPDATE} and the fence {@code FOR NO KEY UPDATE}, so a takeover and a
 * reservation checking the epoch it replaces serialise on the row.
 */
@Component
class LeaseStore {

    private static final String COLUMNS = """
            agent_id, epoch, holder, acquired_at, heartbeat_at, expires_at, released_at,
            (holder IS NOT NULL AND released_at IS NULL AND expires_at > now()) AS live""";

    private final JdbcTemplate jdbc;

    LeaseStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Lease> find(UUID agent) {
        return jdbc.query("SELECT " + COLUMNS + " FROM agent_leases WHERE agent_id = ?", LeaseStore::lease, agent)
                .stream().findFirst();
    }

    /**
     * The fence's lock, held to the end of the reservation's transaction. Exclusive on purpose: with {@code FOR
     * SHARE}, overlapping reservations keep the row share-locked without a gap and PostgreSQL lets each new share
     * locker in ahead of a waiting {@code FOR UPDATE}, so a takeover starved under steady load (LeaseFenceTest
     * found it). Exclusive lockers queue in arrival order, so a takeover waits for the reservations ahead of it only.
     */
    Optional<Lease> lockForFence(UUID agent) {
        return jdbc.query("SELECT " + COLUMNS + " FROM agent_leases WHERE agent_id = ? FOR NO KEY UPDATE",
                LeaseStore::lease, agent).stream().findFirst();
    }

    /** Creates the agent's row if it has none (epoch 0, never held), then locks it for update. */
    Lease lockForUpdate(TenantId tenant, UUID agent) {
        jdbc.update("INSERT INTO agent_leases (tenant_id, agent_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                tenant.value(), agent);
        return jdbc.queryForObject("SELECT " + COLUMNS + " FROM agent_leases WHERE agent_id = ? FOR UPDATE",
                LeaseStore::lease, agent);
    }

    /** A new epoch for {@code holder}: the compare-and-set on the epoch the caller read under the row lock. */
    Lease grant(UUID agent, long expectedEpoch, String holder, int ttlSeconds) {
        return jdbc.query("""
                        UPDATE agent_leases SET epoch = epoch + 1, holder = ?, acquired_at = now(), heartbeat_at = now(),
                          expires_at = now() + make_interval(secs => ?), released_at = NULL
                        WHERE agent_id = ? AND epoch = ?
                        RETURNING""" + " " + COLUMNS, LeaseStore::lease, holder, ttlSeconds, agent, expectedEpoch)
                .stream().findFirst().orElseThrow(() -> new IllegalStateException(
                        "Lease epoch of agent " + agent + " moved while locked"));
    }

    /** Extends a live lease of this epoch; empty when the epoch is not current or the lease is not live. */
    Optional<Lease> heartbeat(UUID agent, long epoch, int ttlSeconds) {
        return jdbc.query("""
                        UPDATE agent_leases SET heartbeat_at = now(), expires_at = now() + make_interval(secs => ?)
                        WHERE agent_id = ? AND epoch = ? AND released_at IS NULL AND expires_at > now()
                        RETURNING""" + " " + COLUMNS, LeaseStore::lease, ttlSeconds, agent, epoch)
                .stream().findFirst();
    }

    Lease release(UUID agent, long epoch) {
        return jdbc.queryForObject("""
                        UPDATE agent_leases SET released_at = now() WHERE agent_id = ? AND epoch = ?
                        RETURNING""" + " " + COLUMNS, LeaseStore::lease, agent, epoch);
    }

    Optional<LeasePolicy> policy(UUID agent) {
        return jdbc.query("""
                        SELECT agent_id, leases_required, default_ttl_seconds, version, updated_by, updated_at
                        FROM agent_lease_policies WHERE agent_id = ?""", LeaseStore::policy, agent)
                .stream().findFirst();
    }

    Optional<LeasePolicy> lockPolicy(UUID agent) {
        return jdbc.query("""
                        SELECT agent_id, leases_required, default_ttl_seconds, version, updated_by, updated_at
                        FROM agent_lease_policies WHERE agent_id = ? FOR UPDATE""", LeaseStore::policy, agent)
                .stream().findFirst();
    }

    /**
     * Writes the policy if its version is still {@code expectedVersion} (0: nobody has written one yet); false when
     * another writer got there first.
     */
    boolean savePolicy(TenantId tenant, UUID agent, long expectedVersion, boolean required, int ttlSeconds,
                       String by) {
        if (expectedVersion == 0) {
            return jdbc.update("""
                    INSERT INTO agent_lease_policies (tenant_id, agent_id, leases_required, default_ttl_seconds,
                      updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                    tenant.value(), agent, required, ttlSeconds, by) == 1;
        }
        return jdbc.update("""
                UPDATE agent_lease_policies SET leases_required = ?, default_ttl_seconds = ?, updated_by = ?,
                  updated_at = now(), version = version + 1
                WHERE agent_id = ? AND version = ?""", required, ttlSeconds, by, agent, expectedVersion) == 1;
    }

    private static Lease lease(ResultSet rs, int row) throws SQLException {
        return new Lease(rs.getObject("agent_id", UUID.class), rs.getLong("epoch"), rs.getString("holder"),
                instant(rs.getTimestamp("acquired_at")), instant(rs.getTimestamp("heartbeat_at")),
                instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("released_at")),
                rs.getBoolean("live"));
    }

    private static LeasePolicy policy(ResultSet rs, int row) throws SQLException {
        return new LeasePolicy(rs.getObject("agent_id", UUID.class), rs.getBoolean("leases_required"),
                rs.getInt("default_ttl_seconds"), rs.getLong("version"), rs.getString("updated_by"),
                instant(rs.getTimestamp("updated_at")));
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
