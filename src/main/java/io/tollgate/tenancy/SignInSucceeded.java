package io.tollgate.tenancy;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.Actor;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** A person signed in with their password and started working in this tenant. */
public record SignInSucceeded(TenantId tenant, UserId user, String displayName) implements AuditableEvent {

    @Override
    public String action() {
        return "auth.sign_in.succeeded";
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
        return Actor.user(user, displayName);
    }
}
