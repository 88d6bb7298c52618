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
class DisputeStore {

    private static final String COLUMNS = "id, usage_line_id, state, reason, opened_by, opened_at, outcome, "
            + "resolution, resolved_by, resolved_at, adjustment_id";

    private final JdbcTemplate jdbc;

    DisputeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts an OPEN dispute; a second open one on the same line violates the partial unique index. */
    void insert(TenantId tenant, Dispute d) {
        jdbc.update("""
                        INSERT INTO usage_disputes (tenant_id, id, usage_line_id, state, reason, opened_by, opened_at)
                        VALUES (?, ?, ?, 'OPEN', ?, ?, ?)""", tenant.value(), d.id(), d.usageLine(), d.reason(),
                d.openedBy(), java.sql.Timestamp.from(d.openedAt()));
    }

    Optional<Dispute> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM usage_disputes WHERE id = ?", DisputeStore::dispute, id)
                .stream().findFirst();
    }

    Optional<Dispute> lock(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM usage_disputes WHERE id = ? FOR UPDATE", DisputeStore::dispute,
                id).stream().findFirst();
    }

    void resolve(UUID id, Dispute.Outcome outcome, String resolution, String resolvedBy, @Nullable UUID adjustment) {
        jdbc.update("""
                        UPDATE usage_disputes SET state = 'RESOLVED', outcome = ?, resolution = ?, resolved_by = ?,
                          resolved_at = now(), adjustment_id = ? WHERE id = ? AND state = 'OPEN'""",
                outcome.name(), resolution, resolvedBy, adjustment, id);
    }

    List<Dispute> page(Dispute.@Nullable State state, @Nullable UUID usageLine, @Nullable UUID before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM usage_disputes WHERE true");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        if (usageLine != null) {
            sql.append(" AND usage_line_id = ?");
            args.add(usageLine);
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), DisputeStore::dispute, args.toArray());
    }

    private static Dispute dispute(ResultSet rs, int row) throws SQLException {
        String outcome = rs.getString("outcome");
        java.sql.Timestamp resolvedAt = rs.getTimestamp("resolved_at");
        return new Dispute(rs.getObject("id", UUID.class), rs.getObject("usage_line_id", UUID.class),
                Dispute.State.valueOf(rs.getString("state")), rs.getString("reason"), rs.getString("opened_by"),
                rs.getTimestamp("opened_at").toInstant(), outcome == null ? null : Dispute.Outcome.valueOf(outcome),
                rs.getString("resolution"), rs.getString("resolved_by"),
                resolvedAt == null ? null : resolvedAt.toInstant(), rs.getObject("adjustment_id", UUID.class));
    }
}
