package io.tollgate.audit.internal;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;

/** Tenants and audit events for audit tests, written through the application's own path. */
final class AuditFixtures {

    record TestEvent(TenantId tenant, String action, String targetId, Map<String, Change> changes)
            implements AuditableEvent {

        @Override
        public String targetType() {
            return "test";
        }
    }

    private AuditFixtures() {
    }

    /** A bare tenant row (tenants is a global table), enough to own an audit chain. */
    static TenantId newTenant(JdbcTemplate jdbc) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO tenants (id, slug, name, status, time_zone) VALUES (?, ?, ?, 'ACTIVE', 'UTC')",
                id, "audit-" + id.toString().substring(0, 8), "Audit Test " + id);
        return new TenantId(id);
    }

    static void record(TenantTransactions transactions, ApplicationEventPublisher events, TenantId tenant,
                       int count) {
        for (int i = 0; i < count; i++) {
            int n = i;
            transactions.runAsTenant(tenant, () -> events.publishEvent(new TestEvent(tenant, "test.happened",
                    "t" + n, Map.of("n", new AuditableEvent.Change(n, n + 1)))));
        }
    }
}
