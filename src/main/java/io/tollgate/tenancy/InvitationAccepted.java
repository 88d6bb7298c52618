package io.tollgate.tenancy;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.Actor;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** Someone joined a tenant through an invitation; they are the actor. */
public record InvitationAccepted(TenantId tenant, UUID invitationId, UserId user, String displayName, Role role)
        implements AuditableEvent {

    @Override
    public String action() {
        return "invitation.accepted";
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
        return Map.of("member_user_id", Change.added(user.toString()), "role", Change.added(role.name()));
    }

    @Override
    public Actor actor() {
        return Actor.user(user, displayName);
    }
}
