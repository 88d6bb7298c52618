package io.tollgate.budgets;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** A budget was created, changed or deleted: {@code budget.created}, {@code budget.updated}, {@code budget.deleted}. */
public record BudgetChanged(TenantId tenant, String action, UUID budget, Map<String, Change> changes)
        implements AuditableEvent {

    @Override
    public String targetType() {
        return "budget";
    }

    @Override
    public String targetId() {
        return budget.toString();
    }
}
