package io.tollgate.tenancy;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** A person ended all their console sessions, on every device. */
public record SignedOutEverywhere(TenantId tenant, UserId user) implements AuditableEvent {

    @Override
    public String action() {
        return "auth.signed_out_everywhere";
    }

    @Override
    public String targetType() {
        return "user";
    }

    @Override
    public String targetId() {
        return user.toString();
    }
}
