package io.tollgate.tenancy;

import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * The organisation's identity provider vouched for someone Tollgate did not let in (domain not allowed, e-mail not
 * verified, not a member while just-in-time provisioning is off, or password sign-in while SSO is required).
 */
public record SsoSignInRefused(TenantId tenant, @Nullable String email, String reason) implements AuditableEvent {

    @Override
    public String action() {
        return "auth.sso.refused";
    }

    @Override
    public String targetType() {
        return "user";
    }

    @Override
    public @Nullable String targetId() {
        return null;
    }

    @Override
    public Map<String, Change> changes() {
        return email == null ? Map.of("reason", Change.added(reason))
                : Map.of("email", Change.added(email), "reason", Change.added(reason));
    }
}
