package io.tollgate.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** The tenant now accepts JWTs from this issuer for this audience on its API. */
public record TrustedIssuerAdded(TenantId tenant, UUID issuerId, String issuer, String audience, String jwksUri,
                                 String principalType, String principalClaim) implements AuditableEvent {

    @Override
    public String action() {
        return "trusted_issuer.added";
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
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("issuer", Change.added(issuer));
        changes.put("audience", Change.added(audience));
        changes.put("jwks_uri", Change.added(jwksUri));
        changes.put("principal_type", Change.added(principalType));
        changes.put("principal_claim", Change.added(principalClaim));
        return changes;
    }
}
