package io.tollgate.budgets.internal.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.budgets.ReservationState;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TransactionWrites;
import io.tollgate.policies.DecisionJson;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.pricing.Usage;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reservations of the current tenant (RLS). Every state change is conditional on the state it leaves, so of two
 * racing transitions exactly one wins; times that decide expiry come from the database clock.
 */
@Component
public class ReservationStore {

    static final String COLUMNS = """
            id, agent_id, project_id, team_id, state, provider, model, estimated_usage, estimated_nanos, held_nanos,
            actual_usage, actual_nanos, overrun_nanos, late_commit, price_version, price_flags, reasons, tags,
            lease_epoch, ttl_seconds, expires_at, created_at, finished_at,
            (state = 'ACTIVE' AND expires_at <= now()) AS due, policy_version, policy_rules""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the reservation lists filter by; null means any. Times bound {@code created_at}: [from, to). */
    public record Filter(@Nullable UUID agent, @Nullable ReservationState state, @Nullable String model,
                  @Nullable Instant from, @Nullable Instant to) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionWrites writes;

    ReservationStore(JdbcTemplate jdbc, TransactionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /**
     * Queues the insert with the transaction's other writes ({@link TransactionWrites}) and answers the row as it
     * will be: created at {@code now}, the transaction's database clock; ACTIVE ones expire {@code ttlSeconds} later.
     */
    Reservation insertLater(TenantId tenant, Reservation r, Instant now, PolicyStamp policy) {
        Instant expires = r.state() == ReservationState.ACTIVE ? now.plusSeconds(r.ttlSeconds()) : null;
        Instant finished = r.state().terminal() ? now : null;
        Long policyVersion = policy.contextJson() == null ? null : policy.bundleVersion();
        writes.defer("""
                        INSERT INTO reservations (tenant_id, id, agent_id, project_id, team_id, state, provider, model,
                          estimated_usage, estimated_nanos, held_nanos, price_version, price_flags, reasons, tags,
                          lease_epoch, ttl_seconds, expires_at, created_at, finished_at, policy_version, policy_verdict,
                          policy_deciding_rule, denied_by_budgets, policy_rules, decision_context)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, string_to_array(?, ','), ?::jsonb, ?::jsonb, ?,
                          ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""",
                tenant.value(), r.id(), r.agent(), r.project(), r.team(), r.state().name(), r.provider(), r.model(),
                r.estimatedUsage() == null ? null : JSON.writeValueAsString(UsageJson.toMap(r.estimatedUsage())),
                r.estimated(), r.held(), r.priceVersion(), String.join(",", r.priceFlags()),
                JSON.writeValueAsString(r.reasons()), JSON.writeValueAsString(r.tags()), r.leaseEpoch(),
                r.ttlSeconds(), timestamp(expires), Timestamp.from(now), timestamp(finished), policyVersion,
                policyVersion == null ? null : policy.verdict().name(), policy.decidingRuleId(),
                r.state() == ReservationState.DENIED && policy.verdict() != PolicyDecision.Verdict.DENY,
                DecisionJson.writeOutcomes(policy.rules()), policy.contextJson());
        return new Reservation(r.id(), r.agent(), r.project(), r.team(), r.state(), r.provider(), r.model(),
                r.estimatedUsage(), r.estimated(), r.held(), null, null, 0, false, r.priceVersion(), r.priceFlags(),
                r.reasons(), r.tags(), r.leaseEpoch(), r.ttlSeconds(), expires, now, finished, false, policyVersion,
                policy.rules());
    }

    /**
     * Queues {@code from → to} for a reservation this transaction holds locked in state {@code from} (so it changes
     * exactly one row, which the flush checks), and answers it as it will be; {@code now} is the transaction's
     * database clock.
     */
    Reservation finishLater(Reservation r, ReservationState to, @Nullable Usage actualUsage, long actual,
                            long overrun, boolean lateCommit, Instant now) {
        if (!r.state().canMoveTo(to) && !(r.state() == to && lateCommit)) {
            throw new IllegalStateException(r.state() + " → " + to);
        }
        writes.defer("""
                        UPDATE reservations SET state = ?, actual_usage = coalesce(?::jsonb, actual_usage),
                          actual_nanos = ?, overrun_nanos = overrun_nanos + ?, late_commit = late_commit OR ?,
                          finished_at = coalesce(finished_at, ?), updated_at = now(), version = version + 1
                        WHERE id = ? AND state = ?""", to.name(),
                actualUsage == null ? null : JSON.writeValueAsString(UsageJson.toMap(actualUsage)), actual, overrun,
                lateCommit, Timestamp.from(now), r.id(), r.state().name()).expecting(1);
        return new Reservation(r.id(), r.agent(), r.project(), r.team(), to, r.provider(), r.model(),
                r.estimatedUsage(), r.estimated(), r.held(), actualUsage == null ? r.actualUsage() : actualUsage,
                actual, r.overrun() + overrun, r.lateCommit() || lateCommit, r.priceVersion(), r.priceFlags(),
                r.reasons(), r.tags(), r.leaseEpoch(), r.ttlSeconds(), r.expiresAt(), r.createdAt(),
                r.finishedAt() == null ? now : r.finishedAt(), false, r.policyVersion(), r.policyRules());
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** Inserts the reservation; ACTIVE ones expire {@code ttlSeconds} after now by the database clock. */
    Reservation insert(TenantId tenant, Reservation r) {
        return insert(tenant, r, PolicyStamp.NONE);
    }

    /** As {@link #insert(TenantId, Reservation)}, recording how policies decided, in the same statement. */
    Reservation insert(TenantId tenant, Reservation r, PolicyStamp policy) {
        return inOrder().queryForObject("""
                        INSERT INTO reservations (tenant_id, id, agent_id, project_id, team_id, state, provider, model,
                          estimated_usage, estimated_nanos, held_nanos, price_version, price_flags, reasons, tags,
                          lease_epoch, ttl_seconds, expires_at, finished_at, policy_version, policy_verdict,
                          policy_deciding_rule, denied_by_budgets, policy_rules, decision_context)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, string_to_array(?, ','), ?::jsonb, ?::jsonb, ?,
                          ?, CASE WHEN ? THEN now() + make_interval(secs => ?) END,
                          CASE WHEN ? THEN now() END, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
                        RETURNING""" + " " + COLUMNS,
                ReservationStore::reservation, tenant.value(), r.id(), r.agent(), r.project(), r.team(),
                r.state().name(), r.provider(), r.model(),
                r.estimatedUsage() == null ? null : JSON.writeValueAsString(UsageJson.toMap(r.estimatedUsage())),
                r.estimated(), r.held(), r.priceVersion(), String.join(",", r.priceFlags()),
                JSON.writeValueAsString(r.reasons()), JSON.writeValueAsString(r.tags()), r.leaseEpoch(),
                r.ttlSeconds(), r.state() == ReservationState.ACTIVE, r.ttlSeconds(), r.state().terminal(),
                policy.contextJson() == null ? null : policy.bundleVersion(),
                policy.contextJson() == null ? null : policy.verdict().name(), policy.decidingRuleId(),
                r.state() == ReservationState.DENIED && policy.verdict() != PolicyDecision.Verdict.DENY,
                DecisionJson.writeOutcomes(policy.rules()),
                policy.contextJson());
    }

    Optional<Reservation> find(UUID id) {
        return inOrder().query("SELECT " + COLUMNS + " FROM reservations WHERE id = ?", ReservationStore::reservation, id)
                .stream().findFirst();
    }

    Optional<Reservation> lock(UUID id) {
        return inOrder().query("SELECT " + COLUMNS + " FROM reservations WHERE id = ? FOR UPDATE",
                ReservationStore::reservation, id).stream().findFirst();
    }

    /** Locks up to {@code limit} due reservations, longest overdue first, skipping those others hold. */
    List<Reservation> lockDue(int limit) {
        return inOrder().query("SELECT " + COLUMNS + """
                         FROM reservations WHERE state = 'ACTIVE' AND expires_at <= now()
                        ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED""", ReservationStore::reservation, limit);
    }

    /** As {@link #lockDue}, only those holding money in one of these windows. */
    List<Reservation> lockDueHoldingIn(List<WindowKey> windows, int limit) {
        return inOrder().query(connection -> {
            java.sql.PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + """
                     FROM reservations r WHERE state = 'ACTIVE' AND expires_at <= now()
                    AND EXISTS (SELECT 1 FROM ledger_entries e
                      JOIN unnest(?::uuid[], ?::timestamptz[]) AS k(budget_id, starts_at)
                        ON e.budget_id = k.budget_id AND e.window_start = k.starts_at
                      WHERE e.reservation_id = r.id AND e.kind = 'HOLD')
                    ORDER BY expires_at LIMIT ? FOR UPDATE OF r SKIP LOCKED""");
            ps.setArray(1, connection.createArrayOf("uuid", windows.stream().map(WindowKey::budget).toArray()));
            ps.setArray(2, connection.createArrayOf("timestamptz",
                    windows.stream().map(w -> Timestamp.from(w.start())).toArray()));
            ps.setInt(3, limit);
            return ps;
        }, ReservationStore::reservation);
    }

    /** Moves these locked, ACTIVE reservations to EXPIRED; answers how many moved. */
    int expireAll(List<UUID> ids) {
        return inOrder().update(connection -> {
            java.sql.PreparedStatement ps = connection.prepareStatement("""
                    UPDATE reservations SET state = 'EXPIRED', finished_at = coalesce(finished_at, now()),
                      updated_at = now(), version = version + 1
                    WHERE id = ANY (?::uuid[]) AND state = 'ACTIVE'""");
            ps.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            return ps;
        });
    }

    /** Moves {@code from → to}; false when someone else moved it first. */
    boolean finish(UUID id, ReservationState from, ReservationState to, @Nullable Usage actualUsage,
                   @Nullable Long actual, long overrun, boolean lateCommit) {
        return finishAndRead(id, from, to, actualUsage, actual, overrun, lateCommit).isPresent();
    }

    /** As {@link #finish}, answering the reservation as it now is (empty when someone else moved it first). */
    Optional<Reservation> finishAndRead(UUID id, ReservationState from, ReservationState to,
                                        @Nullable Usage actualUsage, @Nullable Long actual, long overrun,
                                        boolean lateCommit) {
        if (!from.canMoveTo(to) && !(from == to && lateCommit)) {
            throw new IllegalStateException(from + " → " + to);
        }
        return inOrder().query("""
                        UPDATE reservations SET state = ?, actual_usage = coalesce(?::jsonb, actual_usage),
                          actual_nanos = coalesce(?, actual_nanos), overrun_nanos = overrun_nanos + ?,
                          late_commit = late_commit OR ?, finished_at = coalesce(finished_at, now()),
                          updated_at = now(), version = version + 1
                        WHERE id = ? AND state = ? RETURNING\s""" + COLUMNS, ReservationStore::reservation, to.name(),
                actualUsage == null ? null : JSON.writeValueAsString(UsageJson.toMap(actualUsage)), actual, overrun,
                lateCommit, id, from.name()).stream().findFirst();
    }

    /** A PENDING_APPROVAL reservation approved: it now holds {@code held} and its TTL starts. */
    boolean activate(UUID id, long held) {
        return inOrder().update("""
                UPDATE reservations SET state = 'ACTIVE', held_nanos = ?, expires_at = now() + make_interval(secs => ttl_seconds),
                  updated_at = now(), version = version + 1 WHERE id = ? AND state = 'PENDING_APPROVAL'""",
                held, id) == 1;
    }

    boolean deny(UUID id, List<Reservation.Reason> reasons) {
        return inOrder().update("""
                UPDATE reservations SET state = 'DENIED', reasons = ?::jsonb, finished_at = now(), updated_at = now(),
                  version = version + 1 WHERE id = ? AND state = 'PENDING_APPROVAL'""",
                JSON.writeValueAsString(reasons), id) == 1;
    }

    /** New expiry: now + ttl by the database clock, never beyond {@code maxLifetimeSeconds} after creation. */
    void extend(UUID id, int ttlSeconds, long maxLifetimeSeconds) {
        inOrder().update("""
                UPDATE reservations SET expires_at = least(now() + make_interval(secs => ?),
                  created_at + make_interval(secs => ?)), updated_at = now(), version = version + 1
                WHERE id = ? AND state = 'ACTIVE'""", ttlSeconds, maxLifetimeSeconds, id);
    }

    List<Reservation> page(Filter filter, @Nullable UUID before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM reservations WHERE true");
        List<Object> args = new ArrayList<>();
        if (filter.agent() != null) {
            sql.append(" AND agent_id = ?");
            args.add(filter.agent());
        }
        if (filter.state() != null) {
            sql.append(" AND state = ?");
            args.add(filter.state().name());
        }
        if (filter.model() != null) {
            sql.append(" AND model = ?");
            args.add(filter.model());
        }
        if (filter.from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND created_at < ?");
            args.add(Timestamp.from(filter.to()));
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return inOrder().query(sql.toString(), ReservationStore::reservation, args.toArray());
    }

    /** The newest reservations that wrote ledger entries against this budget. */
    List<Reservation> touching(UUID budget, int limit) {
        return inOrder().query("SELECT " + COLUMNS + """
                         FROM reservations WHERE id IN (SELECT reservation_id FROM ledger_entries
                          WHERE budget_id = ? AND reservation_id IS NOT NULL)
                        ORDER BY id DESC LIMIT ?""", ReservationStore::reservation, budget, limit);
    }

    /** Any statement sent now goes after what the transaction queued, so reads see it and writes keep their order. */
    private JdbcTemplate inOrder() {
        writes.flush();
        return jdbc;
    }

    static Reservation reservation(ResultSet rs, int row) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        Timestamp finished = rs.getTimestamp("finished_at");
        Object actual = rs.getObject("actual_nanos");
        Object epoch = rs.getObject("lease_epoch");
        Object policyVersion = rs.getObject("policy_version");
        return new Reservation(rs.getObject("id", UUID.class), rs.getObject("agent_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getObject("team_id", UUID.class),
                ReservationState.valueOf(rs.getString("state")), rs.getString("provider"), rs.getString("model"),
                usage(rs.getString("estimated_usage")), rs.getLong("estimated_nanos"), rs.getLong("held_nanos"),
                usage(rs.getString("actual_usage")), actual == null ? null : ((Number) actual).longValue(),
                rs.getLong("overrun_nanos"), rs.getBoolean("late_commit"), rs.getString("price_version"),
                Arrays.stream((Object[]) rs.getArray("price_flags").getArray()).map(String::valueOf).toList(),
                JSON.readValue(rs.getString("reasons"), new TypeReference<List<Reservation.Reason>>() { }),
                JSON.readValue(rs.getString("tags"), new TypeReference<Map<String, String>>() { }),
                epoch == null ? null : ((Number) epoch).longValue(), rs.getInt("ttl_seconds"),
                expires == null ? null : expires.toInstant(), rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.getBoolean("due"),
                policyVersion == null ? null : ((Number) policyVersion).longValue(),
                DecisionJson.readOutcomes(rs.getString("policy_rules")));
    }

    private static @Nullable Usage usage(@Nullable String json) {
        return json == null ? null : UsageJson.fromMap(JSON.readValue(json, new TypeReference<Map<String, Long>>() { }));
    }
}
