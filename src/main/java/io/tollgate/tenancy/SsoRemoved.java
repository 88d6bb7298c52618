package io.tollgate.tenancy;

import java.util.List;
import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** The organisation's single sign-on configuration was removed; its e-mail domains are free again. */
public record SsoRemoved(TenantId tenant, String issuer, List<String> allowedDomains) implements AuditableEvent {

    @Override
    public String action() {
        return "sso.removed";
    }

    @Override
    public String targetType() {
        return "sso_configuration";
    }

    @Override
    public String targetId() {
        return tenant.toString();
    }

    @Override
    public Map<String, Change> changes() {
        return Map.of("issuer", new Change(issuer, null), "allowed_domains", new Change(String.join(", ", allowedDomains), null));
    }
}
