package io.tollgate.budgets.internal.ledger;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.budgets.LedgerRecorded;
import io.tollgate.platform.Ids;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the projection: every budget window's reserved, committed and overrun amounts must equal the sum of its
 * ledger entries. One statement reads both, so it sees one snapshot and in-flight transactions cannot fake drift.
 * A run is stored; drift is audited, logged and counted (tollgate.ledger.drift).
 */
@Service
@Transactional
public class LedgerVerifier {

    static final String PREFIX = "lvr";
    private static final Logger log = LoggerFactory.getLogger(LedgerVerifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Counter drift;

    LedgerVerifier(JdbcTemplate jdbc, ApplicationEventPublisher events, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.events = events;
        this.drift = meters.counter("tollgate.ledger.drift");
    }

    @PreAuthorize(AdjustmentService.MAKERS)
    public LedgerVerification verifyNow() {
        return verify();
    }

    /** The scheduled job's entry; the caller binds the tenant. */
    LedgerVerification verify() {
        TenantId tenant = TenantScope.requireTenant();
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT w.budget_id, w.starts_at, w.reserved_nanos, w.committed_nanos, w.overrun_nanos,
                  coalesce(e.r, 0) AS r, coalesce(e.c, 0) AS c, coalesce(e.o, 0) AS o
                FROM budget_windows w
                LEFT JOIN (SELECT budget_id, window_start, sum(reserved_delta) AS r, sum(committed_delta) AS c,
                             sum(overrun_delta) AS o FROM ledger_entries GROUP BY budget_id, window_start) e
                  ON e.budget_id = w.budget_id AND e.window_start = w.starts_at""");
        List<LedgerVerification.Mismatch> mismatches = rows.stream()
                .map(LedgerVerifier::mismatch)
                .filter(m -> m.reserved() != m.entriesReserved() || m.committed() != m.entriesCommitted()
                        || m.overrun() != m.entriesOverrun())
                .toList();
        LedgerVerification result = new LedgerVerification(Ids.newUuid(), java.time.Instant.now(), rows.size(),
                mismatches);
        jdbc.update("""
                        INSERT INTO ledger_verifications (tenant_id, id, windows_checked, mismatches)
                        VALUES (?, ?, ?, ?::jsonb)""", tenant.value(), result.id(), result.windowsChecked(),
                JSON.writeValueAsString(mismatches));
        if (!mismatches.isEmpty()) {
            drift.increment(mismatches.size());
            log.error("Ledger drift in tenant {}: {} of {} budget windows differ from their entries", tenant,
                    mismatches.size(), rows.size());
            events.publishEvent(new LedgerRecorded(tenant, "ledger.drift_detected", "ledger_verification",
                    PrefixedId.format(PREFIX, result.id()), Map.of("windows_differing",
                    Change.added(mismatches.size()))));
        }
        return find(result.id());
    }

    @PreAuthorize(ReservationService.READERS_OF_THE_TENANT)
    @Transactional(readOnly = true)
    public List<LedgerVerification> page(@Nullable UUID before, int limit) {
        return jdbc.query("""
                        SELECT id, checked_at, windows_checked, mismatches::text FROM ledger_verifications
                        WHERE (?::uuid IS NULL OR id < ?) ORDER BY id DESC LIMIT ?""",
                (rs, i) -> verification(rs), before, before, limit);
    }

    private LedgerVerification find(UUID id) {
        return jdbc.queryForObject("""
                SELECT id, checked_at, windows_checked, mismatches::text FROM ledger_verifications WHERE id = ?""",
                (rs, i) -> verification(rs), id);
    }

    private static LedgerVerification verification(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LedgerVerification(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getInt(3),
                JSON.readValue(rs.getString(4), new TypeReference<List<LedgerVerification.Mismatch>>() { }));
    }

    private static LedgerVerification.Mismatch mismatch(Map<String, Object> row) {
        return new LedgerVerification.Mismatch((UUID) row.get("budget_id"),
                ((Timestamp) row.get("starts_at")).toInstant(), n(row, "reserved_nanos"), n(row, "committed_nanos"),
                n(row, "overrun_nanos"), n(row, "r"), n(row, "c"), n(row, "o"));
    }

    private static long n(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
