package io.tollgate.budgets;

import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/**
 * A person moved money by hand or questioned it, or the verification job found drift: {@code adjustment.refund},
 * {@code adjustment.credit}, {@code adjustment.correction}, {@code dispute.opened}, {@code dispute.resolved},
 * {@code ledger.drift_detected}.
 */
public record LedgerRecorded(TenantId tenant, String action, String targetType, String targetId,
                             Map<String, Change> changes) implements AuditableEvent {
}
