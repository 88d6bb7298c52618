package io.tollgate.identity.internal.bearer;

import java.io.IOException;

import io.tollgate.identity.ApiPrincipal;
import io.tollgate.platform.Actor;
import io.tollgate.platform.TenantScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after Spring Security: binds the tenant and the acting agent or person of a bearer-authenticated request,
 * so every transaction of the request is bound to that tenant and the audit trail names who acted.
 */
class ApiPrincipalBindingFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiPrincipal principal = ApiPrincipal.current().orElse(null);
        if (principal == null) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put("tenantId", principal.tenant().toString());
        MDC.put("principal", principal.name());
        try {
            TenantScope.call(new TenantScope.Binding(principal.tenant(), principal.user(), actorOf(principal)), () -> {
                try {
                    chain.doFilter(request, response);
                } catch (IOException | ServletException e) {
                    throw new ChainFailure(e);
                }
                return null;
            });
        } catch (ChainFailure failure) {
            if (failure.getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) failure.getCause();
        } finally {
            MDC.remove("tenantId");
            MDC.remove("principal");
        }
    }

    private static Actor actorOf(ApiPrincipal principal) {
        return switch (principal.kind()) {
            case API_KEY, AGENT_JWT -> new Actor(Actor.Type.AGENT, String.valueOf(principal.agent()),
                    principal.displayName());
            case USER_JWT -> new Actor(Actor.Type.USER, String.valueOf(principal.user()), principal.displayName());
        };
    }

    private static final class ChainFailure extends RuntimeException {

        ChainFailure(Exception cause) {
            super(cause);
        }
    }
}
