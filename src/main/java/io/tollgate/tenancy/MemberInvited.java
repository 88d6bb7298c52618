package io.tollgate.tenancy;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import org.jspecify.annotations.Nullable;

/** An invitation was issued. Never carries the token. */
public record MemberInvited(TenantId tenant, UUID invitationId, String email, Role role, @Nullable UserId by)
        implements AuditableEvent {

    @Override
    public String action() {
        return "invitation.created";
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
        return Map.of("email", Change.added(email), "role", Change.added(role.name()));
    }
}
