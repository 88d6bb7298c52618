package io.tollgate.tenancy;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** A member's role in the tenant changed. */
public record MemberRoleChanged(TenantId tenant, UUID membershipId, String email, Role before, Role after)
        implements AuditableEvent {

    @Override
    public String action() {
        return "member.role_changed";
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
        return Map.of("role", new Change(before.name(), after.name()), "email", new Change(email, email));
    }
}
