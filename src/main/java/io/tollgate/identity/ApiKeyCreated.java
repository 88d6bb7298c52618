package io.tollgate.identity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** An API key was issued to an agent. Carries no secret. */
public record ApiKeyCreated(TenantId tenant, UUID keyId, AgentId agent, String name, String publicId,
                            String scopes, @Nullable Instant expiresAt, String allowedCidrs) implements AuditableEvent {

    @Override
    public String action() {
        return "api_key.created";
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
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("agent_id", Change.added(agent.toString()));
        changes.put("name", Change.added(name));
        changes.put("public_id", Change.added(publicId));
        changes.put("scopes", Change.added(scopes));
        changes.put("expires_at", Change.added(expiresAt == null ? null : expiresAt.toString()));
        changes.put("allowed_cidrs", Change.added(allowedCidrs));
        return changes;
    }
}
