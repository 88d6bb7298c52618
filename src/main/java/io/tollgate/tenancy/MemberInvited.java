package io.tollgate.tenancy;

import java.util.UUID;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** An invitation was issued. Never carries the token. */
public record MemberInvited(TenantId tenant, UUID invitationId, String email, Role role, UserId by) {
}
