package io.tollgate.tenancy;

import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/**
 * The organisation's single sign-on configuration was created or changed. The changes never carry the client
 * secret, only that it changed (and the audit module redacts the field whatever is passed).
 */
public record SsoConfigured(TenantId tenant, Map<String, Change> changes) implements AuditableEvent {

    @Override
    public String action() {
        return "sso.configured";
    }

    @Override
    public String targetType() {
        return "sso_configuration";
    }

    @Override
    public String targetId() {
        return tenant.toString();
    }
}
