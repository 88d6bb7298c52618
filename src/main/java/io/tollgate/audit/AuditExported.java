package io.tollgate.audit;

import java.util.Map;

import io.tollgate.platform.TenantId;

/** Someone took a copy of (part of) the audit trail out of Tollgate. */
public record AuditExported(TenantId tenant, String format, String filter) implements AuditableEvent {

    @Override
    public String action() {
        return "audit.exported";
    }

    @Override
    public String targetType() {
        return "audit_trail";
    }

    @Override
    public String targetId() {
        return tenant.toString();
    }

    @Override
    public Map<String, Change> changes() {
        return Map.of("format", Change.added(format), "filter", Change.added(filter));
    }
}
