package io.tollgate.tenancy;

import java.util.UUID;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** An open invitation was withdrawn before use. */
public record InvitationRevoked(TenantId tenant, UUID invitationId, UserId by) {
}
