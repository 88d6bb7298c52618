package io.tollgate.tenancy.internal.sso;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Back on the sign-in page when the way to the IdP or back failed, with a sentence the person can act on: Tollgate's own
 * refusals say why; anything else (the IdP said no, a stale or forged callback) gets a generic message.
 */
class SsoLoginFailureHandler implements AuthenticationFailureHandler {

    static final String MESSAGE = "tollgate.sso.message";
    private static final Logger log = LoggerFactory.getLogger(SsoLoginFailureHandler.class);
    private static final String UNAVAILABLE = "Single sign-on for this organisation is not available right now. "
            + "Try again later, or ask its administrator.";
    private static final String GENERIC = "Single sign-on did not complete. Try again, or ask your administrator "
            + "if it keeps failing.";

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        String message;
        if (exception instanceof SsoRefusal refusal && refusal.getError().getDescription() != null) {
            message = refusal.getError().getDescription();
        } else if (exception.getCause() instanceof IssuerDiscovery.DiscoveryFailed
                || exception.getCause() instanceof IllegalArgumentException) {
            // On the way to the IdP: an unknown or disabled registration, or the IdP's discovery failing.
            log.warn("SSO redirect not possible: {}", exception.getCause().getMessage());
            message = UNAVAILABLE;
        } else {
            String code = exception instanceof OAuth2AuthenticationException oauth
                    ? oauth.getError().getErrorCode() : exception.getClass().getSimpleName();
            log.warn("SSO sign-in failed: {}", code);
            message = GENERIC;
        }
        request.getSession(true).setAttribute(MESSAGE, message);
        response.sendRedirect(request.getContextPath() + "/login?sso");
    }
}
