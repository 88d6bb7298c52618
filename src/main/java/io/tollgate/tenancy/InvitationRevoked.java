package io.tollgate.tenancy;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import org.jspecify.annotations.Nullable;

/** An open invitation was withdrawn before use. */
public record InvitationRevoked(TenantId tenant, UUID invitationId, @Nullable UserId by) implements AuditableEvent {

    @Override
    public String action() {
        return "invitation.revoked";
    }

    @Override
    public String targetType() {
        return "invitation";
    }

    @Override
    public String targetId() {
        return invitationId.toString();
    }

    @Override
    public Map<String, Change> changes() {
        return Map.of("state", new Change("OPEN", "REVOKED"));
    }
}
