package io.tollgate.tenancy;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.Actor;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/**
 * Someone signed in through the organisation's identity provider for the first time and was made a member
 * just in time, with the role their groups map to; they are the actor.
 */
public record MemberProvisioned(TenantId tenant, UUID membershipId, UserId user, String email, String displayName,
                                Role role, String issuer) implements AuditableEvent {

    @Override
    public String action() {
        return "member.provisioned";
    }

    @Override
    public String targetType() {
        return "member";
    }

    @Override
    public String targetId() {
        return membershipId.toString();
    }

    @Override
    public Map<String, Change> changes() {
        return Map.of("email", Change.added(email), "role", Change.added(role.name()),
                "member_user_id", Change.added(user.toString()), "issuer", Change.added(issuer));
    }

    @Override
    public Actor actor() {
        return Actor.user(user, displayName);
    }
}
