package io.tollgate.platform.internal;

import java.io.IOException;
import java.util.regex.Pattern;

import io.tollgate.platform.Ids;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is well-formed, else a new one), echoes it,
 * and puts it (with the W3C trace id, when a {@code traceparent} came in) into the logging context.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestCorrelationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String requestId = given != null && ACCEPTABLE.matcher(given).matches() ? given : "req_" + Ids.newUuid();
        response.setHeader(HEADER, requestId);
        MDC.put("requestId", requestId);
        String traceparent = request.getHeader("traceparent");
        var trace = traceparent == null ? null : TRACEPARENT.matcher(traceparent);
        if (trace != null && trace.matches() && MDC.get("traceId") == null) {
            MDC.put("traceId", trace.group(1));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
            MDC.remove("traceId");
        }
    }
}
