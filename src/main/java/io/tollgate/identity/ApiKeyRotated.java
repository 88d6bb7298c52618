package io.tollgate.identity;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** An API key was replaced by a new one; the old key keeps working until {@code oldKeyValidUntil}. */
public record ApiKeyRotated(TenantId tenant, UUID oldKeyId, UUID newKeyId, String newPublicId,
                            Instant oldKeyValidUntil) implements AuditableEvent {

    @Override
    public String action() {
        return "api_key.rotated";
    }

    @Override
    public String targetType() {
        return "api_key";
    }

    @Override
    public String targetId() {
        return oldKeyId.toString();
    }

    @Override
    public Map<String, Change> changes() {
        return Map.of("replaced_by", Change.added(newKeyId.toString()),
                "new_public_id", Change.added(newPublicId),
                "valid_until", Change.added(oldKeyValidUntil.toString()));
    }
}
