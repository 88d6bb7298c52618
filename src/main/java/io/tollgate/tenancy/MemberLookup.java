package io.tollgate.tenancy;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** Finds a tenant's members for other modules, e.g. to map a person's JWT to their membership. */
public interface MemberLookup {

    /** The member of the tenant with this e-mail address (compared case-insensitively), if there is one. */
    Optional<MemberIdentity> byEmail(TenantId tenant, String email);

    Optional<Role> roleOf(TenantId tenant, UserId user);

    /** The member with this membership id (the API's {@code mem_…}) in the tenant. */
    Optional<MemberIdentity> byMembership(TenantId tenant, UUID membershipId);

    /** The member with this user id in the tenant, e.g. to name who holds a team role. */
    Optional<MemberIdentity> byUser(TenantId tenant, UserId user);

    record MemberIdentity(UserId user, String email, String displayName, Role role) {

        public static String normalise(String email) {
            return email.trim().toLowerCase(Locale.ROOT);
        }
    }
}
