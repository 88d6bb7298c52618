package io.tollgate.identity;

import java.util.Optional;
import java.util.Set;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who calls the public API with a bearer credential: an agent (API key or JWT) or a person (JWT), always inside
 * exactly one tenant. {@link #name()} is stable per credential and is what rate limits and logs key on.
 */
public record ApiPrincipal(TenantId tenant, Kind kind, @Nullable AgentId agent, @Nullable UserId user,
                           String name, String displayName, Set<ApiScope> scopes) {

    public enum Kind { API_KEY, AGENT_JWT, USER_JWT }

    /** The bearer principal of the current request, if the caller authenticated with one. */
    public static Optional<ApiPrincipal> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ApiPrincipal principal
                ? Optional.of(principal) : Optional.empty();
    }

    public boolean has(ApiScope scope) {
        return scopes.contains(scope);
    }
}
