package io.tollgate.tenancy.internal.web;

import java.io.IOException;

import io.tollgate.platform.RateLimitOutcome;
import io.tollgate.platform.RateLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every password sign-in attempt against the account's and the client address's quotas before the
 * password is checked; over either, the attempt is not checked at all and the person is told how long to wait.
 */
class SignInThrottleFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottleFilter.class);

    private final RateLimits rateLimits;

    SignInThrottleFilter(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String email = request.getParameter("email");
        RateLimitOutcome outcome = rateLimits.signInAttempt(email == null ? "" : email, request.getRemoteAddr());
        if (outcome.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("Sign-in attempt refused by the throttle (account or address over its quota); retry in {} s",
                outcome.retryAfterSeconds());
        response.setHeader("Retry-After", Long.toString(outcome.retryAfterSeconds()));
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + "/login?throttled=" + outcome.retryAfterSeconds());
    }
}
