package io.tollgate.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a credential on the public API may do. Each scope becomes the authority {@code SCOPE_<value>}; {@code read}
 * and {@code admin} also act with a tenant role (ANALYST, ADMIN) so the role-based rules of every module apply.
 */
public enum ApiScope {
    RESERVATIONS_WRITE("reservations:write"),
    USAGE_WRITE("usage:write"),
    READ("read"),
    ADMIN("admin"),
    /** Read the tenant's governance policies: draft, versions, diffs, simulations. */
    POLICIES_READ("policies:read"),
    /** Manage every governance policy of the tenant (granted only by owners and admins). */
    POLICIES_WRITE("policies:write");

    private final String value;

    ApiScope(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public String authority() {
        return "SCOPE_" + value;
    }

    public static Optional<ApiScope> fromValue(String value) {
        return Arrays.stream(values()).filter(scope -> scope.value.equals(value)).findFirst();
    }
}
