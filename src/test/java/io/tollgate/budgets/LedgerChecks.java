package io.tollgate.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.tollgate.support.Databases;

/**
 * DESIGN §5's invariants, read as the superuser straight from the tables: nothing negative, every hard window
 * within its limit, the windows equal the sum of their entries, and every reservation's holds net out to what its
 * state says it holds.
 */
public final class LedgerChecks {

    private final Databases databases;

    public LedgerChecks(Databases databases) {
        this.databases = databases;
    }

    /** Every violation found in the tenant; empty when the ledger is sound. */
    public List<String> violations(java.util.UUID tenant) {
        List<String> problems = new ArrayList<>();
        problems.addAll(rows("""
                SELECT 'window ' || budget_id || '@' || starts_at || ' reserved=' || reserved_nanos || ' committed='
                  || committed_nanos || ' overrun=' || overrun_nanos || ' limit=' || limit_nanos
                FROM budget_windows WHERE tenant_id = ? AND (reserved_nanos < 0 OR committed_nanos < 0
                  OR overrun_nanos < 0 OR (hard AND reserved_nanos + committed_nanos > limit_nanos))""", tenant));
        problems.addAll(rows("""
                SELECT 'projection ' || w.budget_id || '@' || w.starts_at FROM budget_windows w
                LEFT JOIN (SELECT budget_id, window_start, sum(reserved_delta) r, sum(committed_delta) c,
                             sum(overrun_delta) o FROM ledger_entries WHERE tenant_id = ? GROUP BY 1, 2) e
                  ON e.budget_id = w.budget_id AND e.window_start = w.starts_at
                WHERE w.tenant_id = ? AND (coalesce(e.r, 0) <> w.reserved_nanos OR coalesce(e.c, 0) <> w.committed_nanos
                  OR coalesce(e.o, 0) <> w.overrun_nanos)""", tenant, tenant));
        problems.addAll(rows("""
                SELECT 'holds of ' || r.id || ' (' || r.state || ') net ' || e.net || ' in ' || e.budget_id
                FROM reservations r JOIN (SELECT reservation_id, budget_id, window_start, sum(reserved_delta) net
                     FROM ledger_entries WHERE tenant_id = ? AND reservation_id IS NOT NULL GROUP BY 1, 2, 3) e
                  ON e.reservation_id = r.id
                WHERE r.tenant_id = ? AND e.net <> CASE WHEN r.state = 'ACTIVE' THEN r.held_nanos ELSE 0 END""",
                tenant, tenant));
        problems.addAll(rows("""
                SELECT 'reservation ' || reservation_id || ' ended ' || count(*) || ' times in ' || budget_id
                FROM ledger_entries WHERE tenant_id = ? AND kind IN ('RELEASE', 'EXPIRE', 'COMMIT')
                GROUP BY reservation_id, budget_id, window_start HAVING count(*) > 1""", tenant));
        problems.addAll(rows("""
                SELECT 'reservation ' || id || ' is ' || state || ' with finished_at ' || coalesce(finished_at::text, '-')
                FROM reservations WHERE tenant_id = ? AND ((state IN ('ACTIVE', 'PENDING_APPROVAL'))
                  <> (finished_at IS NULL) OR (state <> 'ACTIVE' AND state <> 'COMMITTED' AND NOT late_commit
                  AND actual_nanos IS NOT NULL))""", tenant));
        return problems;
    }

    public void assertInvariants(io.tollgate.platform.TenantId tenant) {
        assertThat(violations(tenant.value())).isEmpty();
    }

    public long count(String sql, Object... args) {
        return Long.parseLong(rows(sql, args).getFirst());
    }

    private List<String> rows(String sql, Object... args) {
        try (Connection connection = databases.asSuperuser(); PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
