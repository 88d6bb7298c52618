package io.tollgate.policies;

import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Something changed in a tenant's policies: {@code policy_rule.created|updated|deleted} (target a rule),
 * {@code policy_bundle.published|rolled_back} (target the new version, with any conflict acknowledgement) and
 * {@code policy_simulation.run} (target the simulated draft or version).
 */
public record PolicyChanged(TenantId tenant, String action, String targetType, @Nullable String targetId,
                            Map<String, Change> changes) implements AuditableEvent {
}
