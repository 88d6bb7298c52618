package io.tollgate.audit.internal.retention;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** An owner changed the retention period or the legal hold. */
record AuditRetentionUpdated(TenantId tenant, int oldRetentionDays, int newRetentionDays, boolean oldLegalHold,
                             boolean newLegalHold) implements AuditableEvent {

    @Override
    public String action() {
        return "audit.retention.updated";
    }

    @Override
    public String targetType() {
        return "audit_retention";
    }

    @Override
    public String targetId() {
        return tenant.toString();
    }

    @Override
    public Map<String, Change> changes() {
        Map<String, Change> changes = new LinkedHashMap<>();
        if (oldRetentionDays != newRetentionDays) {
            changes.put("retention_days", new Change(oldRetentionDays, newRetentionDays));
        }
        if (oldLegalHold != newLegalHold) {
            changes.put("legal_hold", new Change(oldLegalHold, newLegalHold));
        }
        return changes;
    }
}
