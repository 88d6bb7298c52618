package io.tollgate.budgets.internal.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tollgate.platform.TenantId;
import io.tollgate.pricing.Usage;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Usage lines (stage REPORTED when an agent tells us; billing later adds INVOICED). */
@Component
class UsageLineStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record NewLine(UUID id, @Nullable UUID reservation, UUID agent, UUID project, UUID team, String provider,
                   String model, Usage usage, @Nullable Long estimated, long reported, boolean noReservation,
                   @Nullable String priceVersion, List<String> priceFlags, Instant occurredAt) {
    }

    private final JdbcTemplate jdbc;

    UsageLineStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, NewLine line) {
        jdbc.update("""
                        INSERT INTO usage_lines (tenant_id, id, reservation_id, agent_id, project_id, team_id, provider,
                          model, usage, stage, estimated_nanos, reported_nanos, no_reservation, price_version,
                          price_flags, occurred_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'REPORTED', ?, ?, ?, ?, string_to_array(?, ','), ?)""",
                tenant.value(), line.id(), line.reservation(), line.agent(), line.project(), line.team(),
                line.provider(), line.model(), JSON.writeValueAsString(UsageJson.toMap(line.usage())),
                line.estimated(), line.reported(), line.noReservation(), line.priceVersion(),
                String.join(",", line.priceFlags()), Timestamp.from(line.occurredAt()));
    }
}
