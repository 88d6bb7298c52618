package io.tollgate.platform.internal.ratelimit;

import java.io.IOException;

import io.tollgate.platform.EndpointClass;
import io.tollgate.platform.ProblemResponses;
import io.tollgate.platform.ProblemTypes;
import io.tollgate.platform.RateLimitOutcome;
import io.tollgate.platform.TenantScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits every authenticated {@code /v1} request by its credential and its tenant, for the request's endpoint
 * class, and tells the client where it stands in the {@code RateLimit-Policy} and {@code RateLimit} fields. Runs
 * after the filters that authenticate the request and bind its tenant.
 */
class ApiRateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;

    ApiRateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        var tenant = TenantScope.currentTenant();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated() || tenant.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        RateLimitOutcome outcome = limiter.apiRequest(EndpointClasses.of(request), authentication.getName(),
                tenant.get());
        if (!outcome.policyHeader().isEmpty()) {
            response.setHeader("RateLimit-Policy", outcome.policyHeader());
            response.setHeader("RateLimit", outcome.stateHeader());
        }
        if (!outcome.allowed()) {
            response.setHeader("Retry-After", Long.toString(outcome.retryAfterSeconds()));
            ProblemResponses.write(request, response, 429, ProblemTypes.QUOTA_EXCEEDED,
                    "Too many requests of this kind; retry in " + outcome.retryAfterSeconds() + " s.");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Which quota a request counts against, by method and path. */
    static final class EndpointClasses {

        private EndpointClasses() {
        }

        static EndpointClass of(HttpServletRequest request) {
            String method = request.getMethod();
            String path = request.getRequestURI();
            if (path.startsWith("/v1/webhooks/")) {
                return EndpointClass.WEBHOOK;
            }
            if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
                return EndpointClass.READ;
            }
            // A quote is a computation that changes nothing; it is POST only because it carries a usage line.
            if ("POST".equals(method) && path.equals("/v1/prices/quote")) {
                return EndpointClass.READ;
            }
            if ("POST".equals(method) && isDecision(path)) {
                return EndpointClass.DECISION;
            }
            if ("POST".equals(method) && path.equals("/v1/usage")) {
                return EndpointClass.USAGE;
            }
            return EndpointClass.ADMIN_WRITE;
        }

        private static boolean isDecision(String path) {
            return path.equals("/v1/reservations") || path.equals("/v1/leases") || path.startsWith("/v1/leases/")
                    || path.matches("/v1/reservations/[^/]+/(commit|release|extend)");
        }
    }
}
