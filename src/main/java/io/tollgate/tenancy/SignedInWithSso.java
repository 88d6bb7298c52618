package io.tollgate.tenancy;

import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.Actor;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** A person signed in through the organisation's identity provider and started working in this tenant. */
public record SignedInWithSso(TenantId tenant, UserId user, String displayName, String issuer)
        implements AuditableEvent {

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
    public Map<String, Change> changes() {
        return Map.of("method", Change.added("sso"), "issuer", Change.added(issuer));
    }

    @Override
    public Actor actor() {
        return Actor.user(user, displayName);
    }
}
