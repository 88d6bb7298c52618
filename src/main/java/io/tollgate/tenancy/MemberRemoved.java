package io.tollgate.tenancy;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** Someone was removed from the tenant (their account stays; other memberships are untouched). */
public record MemberRemoved(TenantId tenant, UUID membershipId, String email, Role role) implements AuditableEvent {

    @Override
    public String action() {
        return "member.removed";
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
        return Map.of("email", new Change(email, null), "role", new Change(role.name(), null));
    }
}
