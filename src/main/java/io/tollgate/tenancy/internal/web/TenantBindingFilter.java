package io.tollgate.tenancy.internal.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tollgate.platform.Actor;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.ConsoleUser;
import io.tollgate.tenancy.internal.MembershipDirectory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after Spring Security: binds the signed-in person and the tenant chosen in their session to this request
 * (so every transaction it opens is bound to that tenant), after checking the membership still exists and that the
 * way the session signed in opens that organisation ({@link SignInScope}), and grants the member's role for this
 * request only.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class TenantBindingFilter extends OncePerRequestFilter {

    static final String ROLE_ATTRIBUTE = "tollgate.role";

    private final MembershipDirectory directory;

    TenantBindingFilter(MembershipDirectory directory) {
        this.directory = directory;
    }

    /** Static assets need no tenant, and skipping them saves a membership lookup per file. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/img/")
                || path.startsWith("/webjars/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext original = SecurityContextHolder.getContext();
        Authentication authentication = original.getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof ConsoleUser user)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TenantId> chosen = CurrentTenantSession.get(request).filter(SignInScope.of(request)::permits);
        Optional<Role> role = chosen.flatMap(tenant -> directory.roleIn(tenant, user.userId()));
        if (role.isEmpty()) {
            CurrentTenantSession.clear(request);
        }
        TenantId tenant = role.isPresent() ? chosen.get() : null;
        MDC.put("userId", user.userId().toString());
        if (tenant != null) {
            MDC.put("tenantId", tenant.toString());
            request.setAttribute(ROLE_ATTRIBUTE, role.get());
            SecurityContextHolder.setContext(withRole(authentication, role.get()));
        }
        try {
            TenantScope.call(new TenantScope.Binding(tenant, user.userId(),
                    Actor.user(user.userId(), user.displayName())), () -> {
                proceed(chain, request, response);
                return null;
            });
        } catch (FilterFailure failure) {
            failure.rethrow();
        } finally {
            SecurityContextHolder.setContext(original);
            MDC.remove("userId");
            MDC.remove("tenantId");
        }
    }

    private static SecurityContext withRole(Authentication authentication, Role role) {
        List<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
        authorities.add(new SimpleGrantedAuthority(role.authority()));
        var withRole = UsernamePasswordAuthenticationToken.authenticated(authentication.getPrincipal(), null,
                authorities);
        withRole.setDetails(authentication.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(withRole);
        return context;
    }

    private static void proceed(FilterChain chain, HttpServletRequest request, HttpServletResponse response) {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException e) {
            throw new FilterFailure(e);
        }
    }

    /** Carries the chain's checked exceptions through the scope's supplier. */
    private static final class FilterFailure extends RuntimeException {

        FilterFailure(Exception cause) {
            super(cause);
        }

        void rethrow() throws IOException, ServletException {
            if (getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) getCause();
        }
    }
}
