package io.tollgate.budgets;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.Money;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;

/** A budget's spend in one window reached a soft threshold; published once per threshold and window. */
public record BudgetThresholdCrossed(TenantId tenant, UUID budget, Instant windowStart, int percent, Money spent,
                                     Money limit) implements AuditableEvent {

    @Override
    public String action() {
        return "budget.threshold_crossed";
    }

    @Override
    public String targetType() {
        return "budget";
    }

    @Override
    public String targetId() {
        return PrefixedId.format("bud", budget);
    }

    @Override
    public Map<String, Change> changes() {
        return Map.of("threshold_percent", Change.added(percent), "window_start", Change.added(windowStart.toString()),
                "spent_usd", Change.added(spent.toUsdString()), "limit_usd", Change.added(limit.toUsdString()));
    }
}
