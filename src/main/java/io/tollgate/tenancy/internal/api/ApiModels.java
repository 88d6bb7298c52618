package io.tollgate.tenancy.internal.api;

import java.time.Instant;
import java.util.List;

import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TimeZoneId;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.Views;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the tenancy API (snake_case on the wire). */
final class ApiModels {

    static final String ORGANIZATION = "org";
    static final String MEMBER = "mem";
    static final String INVITATION = "inv";

    private ApiModels() {
    }

    record Organization(String id, String slug, String name, String timeZone, Instant createdAt) {
        static Organization of(Views.OrganizationView view) {
            return new Organization(PrefixedId.format(ORGANIZATION, view.id()), view.slug(), view.name(),
                    view.timeZone(), view.createdAt());
        }
    }

    /** PATCH body: fields left out keep their value. */
    record OrganizationPatch(@Nullable @Size(min = 1, max = 100, message = "Use 1–100 characters.") String name,
                             @Nullable @TimeZoneId String timeZone) {
    }

    record Member(String id, String email, String displayName, Role role, Instant joinedAt) {
        static Member of(Views.MemberView view) {
            return new Member(PrefixedId.format(MEMBER, view.id()), view.email(), view.displayName(), view.role(),
                    view.joinedAt());
        }
    }

    record Invitation(String id, String email, Role role, String state, Instant createdAt, Instant expiresAt,
                      @Nullable String link) {
        static Invitation of(Views.InvitationView view, @Nullable String link) {
            return new Invitation(PrefixedId.format(INVITATION, view.id()), view.email(), view.role(), view.state(),
                    view.createdAt(), view.expiresAt(), link);
        }
    }

    record NewInvitation(@NotBlank(message = "Enter an e-mail address.")
                         @Email(message = "Enter a valid e-mail address.")
                         @Size(max = 254, message = "Use at most 254 characters.") String email,
                         @NotNull(message = "Choose a role.") Role role) {
    }

    record MemberPatch(@NotNull(message = "Choose a role.") Role role) {
    }

    record Page<T>(List<T> data, @Nullable String nextCursor) {
    }
}
