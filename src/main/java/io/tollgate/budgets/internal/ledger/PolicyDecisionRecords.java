package io.tollgate.budgets.internal.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.policies.DecisionJson;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.RecordedDecisions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The decisions reservations recorded, for the policies module's simulation, replay and match counts. The outcome
 * is the policy verdict recorded at the time (budget refusals are the budgets', whatever the bundle).
 */
@Component
class PolicyDecisionRecords implements RecordedDecisions {

    private static final String COLUMNS = "id, decision_context, policy_verdict, policy_deciding_rule,"
            + " denied_by_budgets, estimated_nanos, policy_version ";

    private final JdbcTemplate jdbc;

    PolicyDecisionRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Recorded> since(Instant from, int max) {
        return jdbc.query("SELECT " + COLUMNS + """
                        FROM reservations WHERE created_at >= ? AND decision_context IS NOT NULL
                        ORDER BY created_at DESC, id DESC LIMIT ?""", PolicyDecisionRecords::recorded,
                Timestamp.from(from), max);
    }

    @Override
    public Optional<Recorded> of(String reservationId) {
        UUID id;
        try {
            id = PrefixedId.parse(ReservationsApiController.PREFIX, reservationId, "reservation");
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM reservations WHERE id = ? AND decision_context IS NOT NULL",
                PolicyDecisionRecords::recorded, id).stream().findFirst();
    }

    @Override
    public Map<String, Long> matchCountsSince(Instant from) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("""
                        SELECT m ->> 'id', count(*) FROM reservations r, jsonb_array_elements(r.policy_rules) m
                        WHERE r.created_at >= ? AND m ->> 'status' = 'MATCHED' GROUP BY 1""",
                (ResultSet rs) -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, Timestamp.from(from));
        return counts;
    }

    private static Recorded recorded(ResultSet rs, int row) throws SQLException {
        String verdict = rs.getString("policy_verdict");
        return new Recorded(PrefixedId.format(ReservationsApiController.PREFIX, rs.getObject("id", UUID.class)),
                DecisionJson.read(rs.getString("decision_context")),
                verdict == null ? PolicyDecision.Verdict.ALLOW : PolicyDecision.Verdict.valueOf(verdict),
                rs.getString("policy_deciding_rule"), rs.getBoolean("denied_by_budgets"), rs.getLong("estimated_nanos"),
                rs.getLong("policy_version"));
    }
}
