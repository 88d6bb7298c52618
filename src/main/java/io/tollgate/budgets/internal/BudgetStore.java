package io.tollgate.budgets.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.budgets.BudgetPeriod;
import io.tollgate.platform.Money;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Budgets and their windows in the current tenant (RLS); deleted budgets are never read. */
@Component
class BudgetStore {

    private static final String COLUMNS = """
            id, name, scope_type, scope_id, team_id, period, limit_nanos, hard, soft_thresholds,
            per_request_max_nanos, version, created_at, updated_at""";

    private final JdbcTemplate jdbc;

    BudgetStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, Budget b) {
        jdbc.update(connection -> {
            var ps = connection.prepareStatement("""
                    INSERT INTO budgets (tenant_id, id, name, scope_type, scope_id, team_id, period, limit_nanos, hard,
                      soft_thresholds, per_request_max_nanos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
            ps.setObject(1, tenant.value());
            ps.setObject(2, b.id());
            ps.setString(3, b.name());
            ps.setString(4, b.scopeType().name());
            ps.setObject(5, b.scopeId());
            ps.setObject(6, b.team());
            ps.setString(7, b.period().name());
            ps.setLong(8, b.limit().nanos());
            ps.setBoolean(9, b.hard());
            ps.setArray(10, connection.createArrayOf("smallint", b.softThresholds().toArray()));
            ps.setObject(11, b.perRequestMax() == null ? null : b.perRequestMax().nanos());
            return ps;
        });
    }

    Optional<Budget> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM budgets WHERE id = ? AND deleted_at IS NULL",
                BudgetStore::budget, id).stream().findFirst();
    }

    Optional<Budget> lock(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM budgets WHERE id = ? AND deleted_at IS NULL FOR UPDATE",
                BudgetStore::budget, id).stream().findFirst();
    }

    List<Budget> page(@Nullable String scopeType, @Nullable UUID scopeId, @Nullable String period,
                      @Nullable UUID after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM budgets WHERE deleted_at IS NULL");
        List<Object> args = new ArrayList<>();
        if (scopeType != null) {
            sql.append(" AND scope_type = ?");
            args.add(scopeType);
        }
        if (scopeId != null) {
            sql.append(" AND scope_id = ?");
            args.add(scopeId);
        }
        if (period != null) {
            sql.append(" AND period = ?");
            args.add(period);
        }
        if (after != null) {
            sql.append(" AND (created_at, id) > (SELECT created_at, id FROM budgets WHERE id = ?)");
            args.add(after);
        }
        sql.append(" ORDER BY created_at, id LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), BudgetStore::budget, args.toArray());
    }

    void update(Budget b) {
        jdbc.update(connection -> {
            var ps = connection.prepareStatement("""
                    UPDATE budgets SET name = ?, limit_nanos = ?, hard = ?, soft_thresholds = ?,
                      per_request_max_nanos = ?, version = version + 1, updated_at = now()
                    WHERE id = ? AND deleted_at IS NULL""");
            ps.setString(1, b.name());
            ps.setLong(2, b.limit().nanos());
            ps.setBoolean(3, b.hard());
            ps.setArray(4, connection.createArrayOf("smallint", b.softThresholds().toArray()));
            ps.setObject(5, b.perRequestMax() == null ? null : b.perRequestMax().nanos());
            ps.setObject(6, b.id());
            return ps;
        });
    }

    void markDeleted(UUID id) {
        jdbc.update("UPDATE budgets SET deleted_at = now(), version = version + 1 WHERE id = ?", id);
    }

    /** Opens the window if no one has (idempotent under concurrency): no reset job, no race with writes. */
    void openWindow(TenantId tenant, Budget budget, BudgetPeriod.Window window) {
        jdbc.update("""
                INSERT INTO budget_windows (tenant_id, budget_id, starts_at, ends_at, limit_nanos, hard)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", tenant.value(), budget.id(),
                Timestamp.from(window.start()), window.end() == null ? null : Timestamp.from(window.end()),
                budget.limit().nanos(), budget.hard());
    }

    /** Carries a changed limit into the open window; the window's CHECK refuses a hard limit below its use. */
    /**
     * Sets the window's limit unless the budget is hard and the window already holds and spent more than it,
     * overrun included (the CHECK constraint only sees reserved + committed); false when refused.
     */
    boolean applyLimitToWindow(Budget budget, BudgetPeriod.Window window) {
        int changed = jdbc.update("""
                        UPDATE budget_windows SET limit_nanos = ?, hard = ? WHERE budget_id = ? AND starts_at = ?
                          AND (NOT ? OR reserved_nanos + committed_nanos + overrun_nanos <= ?)""",
                budget.limit().nanos(), budget.hard(), budget.id(), Timestamp.from(window.start()), budget.hard(),
                budget.limit().nanos());
        return changed == 1 || jdbc.queryForObject(
                "SELECT count(*) FROM budget_windows WHERE budget_id = ? AND starts_at = ?", Long.class,
                budget.id(), Timestamp.from(window.start())) == 0;
    }

    Budget.WindowUsage usage(Budget budget, BudgetPeriod.Window window) {
        return jdbc.query("""
                        SELECT limit_nanos, reserved_nanos, committed_nanos, overrun_nanos FROM budget_windows
                        WHERE budget_id = ? AND starts_at = ?""",
                (rs, i) -> new Budget.WindowUsage(window, new Money(rs.getLong(1)), new Money(rs.getLong(2)),
                        new Money(rs.getLong(3)), new Money(rs.getLong(4))),
                budget.id(), Timestamp.from(window.start())).stream().findFirst()
                .orElse(new Budget.WindowUsage(window, budget.limit(), Money.ZERO, Money.ZERO, Money.ZERO));
    }

    /** The ledger entries of one window in the order they were written. */
    List<Budget.Movement> movements(UUID budget, java.time.Instant windowStart) {
        return jdbc.query("""
                        SELECT created_at, reserved_delta, committed_delta + overrun_delta FROM ledger_entries
                        WHERE budget_id = ? AND window_start = ? ORDER BY id""",
                (rs, i) -> new Budget.Movement(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3)),
                budget, Timestamp.from(windowStart));
    }

    private static Budget budget(ResultSet rs, int row) throws SQLException {
        Object perRequest = rs.getObject("per_request_max_nanos");
        return new Budget(rs.getObject("id", UUID.class), rs.getString("name"),
                Budget.ScopeType.valueOf(rs.getString("scope_type")), rs.getObject("scope_id", UUID.class),
                rs.getObject("team_id", UUID.class), BudgetPeriod.valueOf(rs.getString("period")),
                new Money(rs.getLong("limit_nanos")), rs.getBoolean("hard"), thresholds(rs.getArray("soft_thresholds")),
                perRequest == null ? null : new Money(((Number) perRequest).longValue()), rs.getLong("version"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static List<Integer> thresholds(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> ((Number) v).intValue()).toList();
    }
}
