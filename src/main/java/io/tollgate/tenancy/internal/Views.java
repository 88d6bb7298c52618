package io.tollgate.tenancy.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tollgate.tenancy.Role;
import org.jspecify.annotations.Nullable;

/** What the tenancy services hand to the web layer: plain values, never entities. */
public final class Views {

    private Views() {
    }

    public record OrganizationView(UUID id, String slug, String name, String timeZone, Instant createdAt,
                                   long version) {
    }

    public record MemberView(UUID id, UUID userId, String email, String displayName, Role role, Instant joinedAt) {
    }

    public record InvitationView(UUID id, String email, Role role, String state, Instant createdAt,
                                 Instant expiresAt) {
    }

    /** A freshly issued invitation: the link carries the only copy of the token. */
    public record IssuedInvitation(InvitationView invitation, String link) {
    }

    public record TenantChoice(UUID tenantId, String name, String slug, Role role) {
    }

    /** What an invitation link shows before it is accepted. */
    public record InvitationPreview(UUID tenantId, String organizationName, String email, Role role,
                                    boolean accountExists) {
    }

    public record Page<T>(List<T> items, @Nullable String nextCursor) {
    }
}
