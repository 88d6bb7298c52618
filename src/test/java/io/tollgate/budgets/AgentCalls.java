package io.tollgate.budgets;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiPrincipal;
import io.tollgate.identity.ApiScope;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Runs service calls in-process as an agent's write key would: its principal, its tenant bound. */
public final class AgentCalls {

    private AgentCalls() {
    }

    public static <T> T as(UUID tenant, UUID agent, Supplier<T> work) {
        ApiPrincipal principal = new ApiPrincipal(new TenantId(tenant), ApiPrincipal.Kind.API_KEY, new AgentId(agent),
                null, "key:test-" + agent, "test agent", Set.of(ApiScope.RESERVATIONS_WRITE, ApiScope.USAGE_WRITE));
        var authentication = new UsernamePasswordAuthenticationToken(principal, null, List.of(
                new SimpleGrantedAuthority(ApiScope.RESERVATIONS_WRITE.authority()),
                new SimpleGrantedAuthority(ApiScope.USAGE_WRITE.authority())));
        var previous = SecurityContextHolder.getContext();
        try {
            SecurityContextHolder.setContext(SecurityContextHolder.createEmptyContext());
            SecurityContextHolder.getContext().setAuthentication(authentication);
            return TenantScope.call(TenantScope.Binding.tenant(new TenantId(tenant)), work);
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
