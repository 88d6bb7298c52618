package io.tollgate.identity;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** An API key was revoked; it is refused from now on. */
public record ApiKeyRevoked(TenantId tenant, UUID keyId, String name, String publicId) implements AuditableEvent {

    @Override
    public String action() {
        return "api_key.revoked";
    }

    @Override
    public String targetType() {
        return "api_key";
    }

    @Override
    public String targetId() {
        return keyId.toString();
    }

    @Override
    public Map<String, Change> changes() {
        return Map.of("name", new Change(name, name), "public_id", new Change(publicId, publicId));
    }
}
