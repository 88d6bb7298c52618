package io.tollgate.tenancy;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import org.jspecify.annotations.Nullable;

/** A tenant came into being, with its first owner. */
public record OrganizationCreated(TenantId tenant, String slug, String name, @Nullable UserId owner) {
}
