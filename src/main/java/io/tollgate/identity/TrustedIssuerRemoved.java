package io.tollgate.identity;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** The tenant no longer accepts JWTs from this issuer for this audience. */
public record TrustedIssuerRemoved(TenantId tenant, UUID issuerId, String issuer, String audience)
        implements AuditableEvent {

    @Override
    public String action() {
        return "trusted_issuer.removed";
    }

    @Override
    public String targetType() {
        return "trusted_issuer";
    }

    @Override
    public String targetId() {
        return issuerId.toString();
    }

    @Override
    public Map<String, Change> changes() {
        return Map.of("issuer", new Change(issuer, null), "audience", new Change(audience, null));
    }
}
