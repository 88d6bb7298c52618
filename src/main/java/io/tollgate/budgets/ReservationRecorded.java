package io.tollgate.budgets;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;

/**
 * A reservation moved: {@code reservation.allowed}, {@code .denied}, {@code .committed}, {@code .released},
 * {@code .expired}, {@code .extended}, {@code .approved}, {@code .rejected}, {@code .late_commit}, or usage came
 * without one ({@code usage.reported}).
 */
public record ReservationRecorded(TenantId tenant, String action, UUID reservation, Map<String, Change> changes)
        implements AuditableEvent {

    @Override
    public String targetType() {
        return action.startsWith("usage.") ? "usage_line" : "reservation";
    }

    @Override
    public String targetId() {
        return PrefixedId.format(action.startsWith("usage.") ? "use" : "rsv", reservation);
    }
}
