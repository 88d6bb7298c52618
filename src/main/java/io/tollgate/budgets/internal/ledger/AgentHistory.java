package io.tollgate.budgets.internal.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import io.tollgate.policies.DecisionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code history} of the decision context, in one statement; read only when the tenant's published bundle
 * references it. Spend counts what reservations committed, or hold while active; "period" is the tenant-local
 * calendar month; requests count every reservation asked for, denied ones too; a model counts as used once a
 * reservation for it was allowed (not denied, not still waiting for approval).
 */
@Component
class AgentHistory {

    private final JdbcTemplate jdbc;

    AgentHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    DecisionContext.History of(UUID agent, String provider, String model, Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        Timestamp dayStart = Timestamp.from(today.atStartOfDay(zone).toInstant());
        Timestamp monthStart = Timestamp.from(today.withDayOfMonth(1).atStartOfDay(zone).toInstant());
        Timestamp hourAgo = Timestamp.from(now.minusSeconds(3600));
        return jdbc.queryForObject("""
                        SELECT coalesce(sum(CASE WHEN state = 'ACTIVE' THEN held_nanos ELSE coalesce(actual_nanos, 0) END)
                            FILTER (WHERE created_at >= ?), 0),
                          coalesce(sum(CASE WHEN state = 'ACTIVE' THEN held_nanos ELSE coalesce(actual_nanos, 0) END)
                            FILTER (WHERE created_at >= ?), 0),
                          count(*) FILTER (WHERE created_at >= ?),
                          EXISTS (SELECT 1 FROM reservations u WHERE u.agent_id = ? AND u.provider = ? AND u.model = ?
                            AND u.state NOT IN ('DENIED', 'PENDING_APPROVAL'))
                        FROM reservations WHERE agent_id = ? AND created_at >= least(?::timestamptz, ?::timestamptz)""",
                (rs, i) -> new DecisionContext.History(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4)),
                dayStart, monthStart, hourAgo, agent, provider, model, agent, monthStart, hourAgo);
    }
}
