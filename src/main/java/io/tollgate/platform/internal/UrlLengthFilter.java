package io.tollgate.platform.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a URL over 8 KB with 414 before any other work (ADR 0044). Tomcat itself reads up to 32 KB of request
 * line and headers; refusing long URLs here, where the path is known, lets the error path answer problem+json
 * under /v1 and the console's page elsewhere. Spring Security has not run yet, so the headers it would write are
 * set here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class UrlLengthFilter extends OncePerRequestFilter {

    static final int MAX_URL_CHARS = 8192;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (request.getRequestURI().length() + (query == null ? 0 : query.length() + 1) > MAX_URL_CHARS) {
            ErrorResponseHeaders.applyTo(request, response);
            response.sendError(414);
            return;
        }
        chain.doFilter(request, response);
    }
}
