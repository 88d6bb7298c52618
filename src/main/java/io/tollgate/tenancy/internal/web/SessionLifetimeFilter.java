package io.tollgate.tenancy.internal.web;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.tollgate.tenancy.internal.ConsoleUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs before Spring Security on every request with a session: a session older than the absolute timeout, or
 * signed in before its person chose "sign out everywhere", is invalidated, so the request continues unauthenticated
 * (and the entry points send it to sign-in, saying why). Also stamps the sign-in instant and the idle timeout.
 */
class SessionLifetimeFilter extends OncePerRequestFilter {

    static final String SIGNED_IN_AT = "tollgate.signedInAt";
    static final String EXPIRED = "tollgate.sessionExpired";

    private final SessionProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    SessionLifetimeFilter(SessionProperties properties, JdbcTemplate jdbc, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        ConsoleUser user = session == null ? null : signedIn(session);
        if (user != null) {
            Instant now = clock.instant();
            Instant signedInAt = (Instant) session.getAttribute(SIGNED_IN_AT);
            if (signedInAt == null) {
                session.setAttribute(SIGNED_IN_AT, now);
                session.setMaxInactiveInterval((int) properties.idleTimeout().toSeconds());
            } else if (!now.isBefore(signedInAt.plus(properties.absoluteTimeout()))
                    || signedOutEverywhereSince(user, signedInAt)) {
                session.invalidate();
                request.setAttribute(EXPIRED, Boolean.TRUE);
            }
        }
        chain.doFilter(request, response);
    }

    /** A fresh sign-in starts the absolute timeout anew (the filter stamps it on the next request). */
    static void stampSignIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(SIGNED_IN_AT);
        }
    }

    private boolean signedOutEverywhereSince(ConsoleUser user, Instant signedInAt) {
        List<Timestamp> validAfter = jdbc.query("SELECT sessions_valid_after FROM users WHERE id = ?",
                (rs, n) -> rs.getTimestamp(1), user.userId().value());
        return validAfter.isEmpty() || validAfter.getFirst() != null && !signedInAt.isAfter(validAfter.getFirst().toInstant());
    }

    private static @Nullable ConsoleUser signedIn(HttpSession session) {
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return context instanceof SecurityContext security && security.getAuthentication() != null
                && security.getAuthentication().getPrincipal() instanceof ConsoleUser user ? user : null;
    }
}
