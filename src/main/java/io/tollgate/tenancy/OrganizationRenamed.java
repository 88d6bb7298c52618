package io.tollgate.tenancy;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import org.jspecify.annotations.Nullable;

/** Organisation settings changed; before and after values, for the audit trail. */
public record OrganizationRenamed(TenantId tenant, @Nullable UserId by, String oldName, String newName,
                                  String oldTimeZone, String newTimeZone) {
}
