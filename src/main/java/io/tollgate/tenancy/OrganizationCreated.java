package io.tollgate.tenancy;

import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import org.jspecify.annotations.Nullable;

/** A tenant came into being, with its first owner (none yet when an operator created it). */
public record OrganizationCreated(TenantId tenant, String slug, String name, @Nullable UserId owner)
        implements AuditableEvent {

    @Override
    public String action() {
        return "organization.created";
    }

    @Override
    public String targetType() {
        return "organization";
    }

    @Override
    public String targetId() {
        return tenant.toString();
    }

    @Override
    public Map<String, Change> changes() {
        return Map.of("name", Change.added(name), "slug", Change.added(slug));
    }
}
