package io.tollgate.identity.internal;

import java.util.EnumSet;
import java.util.Set;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiPrincipal;
import io.tollgate.identity.ApiScope;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;

/** The principals bearer credentials map to; their names are what logs and rate limits key on. */
public final class ApiPrincipals {

    private ApiPrincipals() {
    }

    public static ApiPrincipal forKey(TenantId tenant, AgentId agent, String agentName, String publicId,
                                      Set<ApiScope> scopes) {
        return new ApiPrincipal(tenant, ApiPrincipal.Kind.API_KEY, agent, null, "key:" + publicId,
                agentName + " (key tg_live_" + publicId + ")", Set.copyOf(scopes));
    }

    public static ApiPrincipal forAgentJwt(TenantId tenant, AgentId agent, String agentName, String issuer,
                                           String subject, Set<ApiScope> scopes) {
        return new ApiPrincipal(tenant, ApiPrincipal.Kind.AGENT_JWT, agent, null, "jwt:" + issuer + "|" + subject,
                agentName + " (JWT)", Set.copyOf(scopes));
    }

    /** A person acts through the API with their membership's rights: read, plus admin if their role administers. */
    public static ApiPrincipal forUserJwt(TenantId tenant, UserId user, String displayName, String issuer,
                                          String subject, boolean administers) {
        Set<ApiScope> scopes = administers ? EnumSet.of(ApiScope.READ, ApiScope.ADMIN) : EnumSet.of(ApiScope.READ);
        return new ApiPrincipal(tenant, ApiPrincipal.Kind.USER_JWT, null, user, "jwt:" + issuer + "|" + subject,
                displayName, Set.copyOf(scopes));
    }
}
