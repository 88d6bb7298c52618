package io.tollgate.budgets;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;

/**
 * An agent's fencing lease or its policy changed: {@code lease.acquired}, {@code lease.taken_over},
 * {@code lease.released}, {@code lease_policy.changed}. Heartbeats are not recorded (they change nothing but the
 * expiry, many times a minute).
 */
public record LeaseRecorded(TenantId tenant, String action, UUID agent, Map<String, Change> changes)
        implements AuditableEvent {

    @Override
    public String targetType() {
        return action.startsWith("lease_policy.") ? "lease_policy" : "agent_lease";
    }

    @Override
    public String targetId() {
        return PrefixedId.format("agt", agent);
    }
}
