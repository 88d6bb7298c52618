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

import io.tollgate.platform.TenantId;
import io.tollgate.platform.TransactionWrites;
import io.tollgate.pricing.Usage;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Usage lines (stage REPORTED when an agent tells us; billing later adds INVOICED). */
@Component
class UsageLineStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, reservation_id, agent_id, provider, model, usage, stage, "
            + "estimated_nanos, reported_nanos, no_reservation, price_flags, occurred_at, created_at";

    record NewLine(UUID id, @Nullable UUID reservation, UUID agent, UUID project, UUID team, String provider,
                   String model, Usage usage, @Nullable Long estimated, long reported, boolean noReservation,
                   @Nullable String priceVersion, List<String> priceFlags, Instant occurredAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionWrites writes;

    UsageLineStore(JdbcTemplate jdbc, TransactionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /** Queued with the transaction's other writes ({@link TransactionWrites}). */
    void insert(TenantId tenant, NewLine line) {
        writes.defer("""
                        INSERT INTO usage_lines (tenant_id, id, reservation_id, agent_id, project_id, team_id, provider,
                          model, usage, stage, estimated_nanos, reported_nanos, no_reservation, price_version,
                          price_flags, occurred_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'REPORTED', ?, ?, ?, ?, string_to_array(?, ','), ?)""",
                tenant.value(), line.id(), line.reservation(), line.agent(), line.project(), line.team(),
                line.provider(), line.model(), JSON.writeValueAsString(UsageJson.toMap(line.usage())),
                line.estimated(), line.reported(), line.noReservation(), line.priceVersion(),
                String.join(",", line.priceFlags()), Timestamp.from(line.occurredAt()));
    }

    Optional<UsageLine> find(UUID id) {
        return inOrder().query("SELECT " + COLUMNS + " FROM usage_lines WHERE id = ?", UsageLineStore::line, id).stream()
                .findFirst();
    }

    /** The line under a row lock: adjustments and disputes of one line take turns. */
    Optional<UsageLine> lock(UUID id) {
        return inOrder().query("SELECT " + COLUMNS + " FROM usage_lines WHERE id = ? FOR UPDATE", UsageLineStore::line, id)
                .stream().findFirst();
    }

    List<UsageLine> page(@Nullable UUID agent, @Nullable UUID before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM usage_lines WHERE true");
        List<Object> args = new ArrayList<>();
        if (agent != null) {
            sql.append(" AND agent_id = ?");
            args.add(agent);
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return inOrder().query(sql.toString(), UsageLineStore::line, args.toArray());
    }

    private static UsageLine line(ResultSet rs, int row) throws SQLException {
        Object estimated = rs.getObject("estimated_nanos");
        return new UsageLine(rs.getObject("id", UUID.class), rs.getObject("reservation_id", UUID.class),
                rs.getObject("agent_id", UUID.class), rs.getString("provider"), rs.getString("model"),
                JSON.readValue(rs.getString("usage"), new TypeReference<Map<String, Long>>() { }),
                rs.getString("stage"), estimated == null ? null : ((Number) estimated).longValue(),
                rs.getLong("reported_nanos"), rs.getBoolean("no_reservation"),
                Arrays.stream((Object[]) rs.getArray("price_flags").getArray()).map(String::valueOf).toList(),
                rs.getTimestamp("occurred_at").toInstant(), rs.getTimestamp("created_at").toInstant());
    }

    /** Any statement sent now goes after what the transaction queued, so reads see it and writes keep their order. */
    private JdbcTemplate inOrder() {
        writes.flush();
        return jdbc;
    }
}
