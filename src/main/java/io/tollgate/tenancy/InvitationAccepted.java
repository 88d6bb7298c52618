package io.tollgate.tenancy;

import java.util.UUID;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** Someone joined a tenant through an invitation. */
public record InvitationAccepted(TenantId tenant, UUID invitationId, UserId user, Role role) {
}
