package io.tollgate.platform.internal.concurrency;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.tollgate.platform.ProblemResponses;
import io.tollgate.platform.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets at most a fixed number of {@code /v1} requests do their work at once and queues the rest in arrival order
 * (ADR 0057). With virtual threads nothing else bounds them: every request would start its transactions and wait
 * for a pooled connection at each one, so under load all of them are slow; here the admitted ones run at the speed
 * of an unloaded server and the others wait once, at the door. Runs after authentication and rate limiting, so a
 * refused or throttled caller never holds a place.
 */
class ApiConcurrencyLimitFilter extends OncePerRequestFilter {

    private final Semaphore places;
    private final long maxWaitNanos;
    private final long retryAfterSeconds;

    ApiConcurrencyLimitFilter(int maxRequests, Duration maxWait) {
        this.places = new Semaphore(maxRequests, true);
        this.maxWaitNanos = maxWait.toNanos();
        this.retryAfterSeconds = Math.max(1, maxWait.toSeconds());
    }

    /** Requests waiting for a place now. */
    int waiting() {
        return places.getQueueLength();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = places.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while waiting for a place", e);
        }
        if (!admitted) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
            ProblemResponses.write(request, response, 503, ProblemTypes.SERVICE_UNAVAILABLE,
                    "Tollgate is busy; retry in " + retryAfterSeconds + " s.");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            places.release();
        }
    }
}
