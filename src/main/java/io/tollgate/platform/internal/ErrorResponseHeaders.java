package io.tollgate.platform.internal;

import java.util.Map;

import io.tollgate.platform.SecurityHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers Spring Security writes on every application response (SecurityHeaders.strict()), for the answers
 * given where Spring Security does not run: Tomcat's error report and filters ahead of the security chain.
 */
final class ErrorResponseHeaders {

    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "strict-origin-when-cross-origin",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()",
            "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");

    private ErrorResponseHeaders() {
    }

    /** Adds the security headers and a request id where the response has none yet. */
    static void applyTo(HttpServletRequest request, HttpServletResponse response) {
        SECURITY_HEADERS.forEach((name, value) -> {
            if (response.getHeader(name) == null) {
                response.setHeader(name, value);
            }
        });
        if (request.isSecure() && response.getHeader("Strict-Transport-Security") == null) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
        if (response.getHeader(RequestCorrelationFilter.HEADER) == null) {
            response.setHeader(RequestCorrelationFilter.HEADER,
                    RequestCorrelationFilter.requestId(request.getHeader(RequestCorrelationFilter.HEADER)));
        }
    }
}
