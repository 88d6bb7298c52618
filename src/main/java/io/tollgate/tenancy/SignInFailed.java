package io.tollgate.tenancy;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.Actor;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** A wrong password was given for an account that belongs to this tenant. */
public record SignInFailed(TenantId tenant, UserId user, String email) implements AuditableEvent {

    @Override
    public String action() {
        return "auth.sign_in.failed";
    }

    @Override
    public String targetType() {
        return "user";
    }

    @Override
    public String targetId() {
        return user.toString();
    }

    @Override
    public Actor actor() {
        return new Actor(Actor.Type.ANONYMOUS, null, email);
    }
}
