package io.tollgate.tenancy.internal.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Sends people who are not (or no longer) signed in to the sign-in page, saying so when their session expired.
 * An htmx request gets {@code HX-Redirect}, so the whole page goes to sign-in instead of the sign-in form being
 * swapped into a fragment.
 */
class ConsoleEntryPoint implements AuthenticationEntryPoint {

    private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String target = request.getContextPath() + "/login"
                + (request.getAttribute(SessionLifetimeFilter.EXPIRED) != null ? "?expired" : "");
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", target);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        requests.saveRequest(request, response);
        response.sendRedirect(target);
    }
}
