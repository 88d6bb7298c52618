package io.tollgate.budgets.internal.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

@Component
class AdjustmentStore {

    private static final String COLUMNS = "id, kind, amount_nanos, reason, usage_line_id, budget_id, dispute_id, "
            + "created_by, created_at";

    private final JdbcTemplate jdbc;

    AdjustmentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, Adjustment a) {
        jdbc.update("""
                        INSERT INTO adjustments (tenant_id, id, kind, amount_nanos, reason, usage_line_id, budget_id,
                          dispute_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                tenant.value(), a.id(), a.kind().name(), a.delta(), a.reason(), a.usageLine(), a.budget(),
                a.dispute(), a.createdBy(), java.sql.Timestamp.from(a.createdAt()));
    }

    Optional<Adjustment> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM adjustments WHERE id = ?", AdjustmentStore::adjustment, id)
                .stream().findFirst();
    }

    /** What all adjustments of a usage line add up to (negative when refunded). */
    long totalFor(UUID usageLine) {
        Long total = jdbc.queryForObject(
                "SELECT coalesce(sum(amount_nanos), 0) FROM adjustments WHERE usage_line_id = ?", Long.class,
                usageLine);
        return total == null ? 0 : total;
    }

    List<Adjustment> page(@Nullable UUID usageLine, @Nullable UUID budget, @Nullable UUID before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM adjustments WHERE true");
        List<Object> args = new ArrayList<>();
        if (usageLine != null) {
            sql.append(" AND usage_line_id = ?");
            args.add(usageLine);
        }
        if (budget != null) {
            sql.append(" AND budget_id = ?");
            args.add(budget);
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), AdjustmentStore::adjustment, args.toArray());
    }

    private static Adjustment adjustment(ResultSet rs, int row) throws SQLException {
        return new Adjustment(rs.getObject("id", UUID.class), Adjustment.Kind.valueOf(rs.getString("kind")),
                rs.getLong("amount_nanos"), rs.getString("reason"), rs.getObject("usage_line_id", UUID.class),
                rs.getObject("budget_id", UUID.class), rs.getObject("dispute_id", UUID.class),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    }
}
