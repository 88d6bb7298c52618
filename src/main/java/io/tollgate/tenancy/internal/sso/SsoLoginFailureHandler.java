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
 * Back on the sign-in page after the IdP round trip failed, with a sentence the person can act on: Tollgate's own
 * refusals say why; anything else (the IdP said no, a stale or forged callback) gets a generic message.
 */
class SsoLoginFailureHandler implements AuthenticationFailureHandler {

    static final String MESSAGE = "tollgate.sso.message";
    private static final Logger log = LoggerFactory.getLogger(SsoLoginFailureHandler.class);
    private static final String GENERIC = "Single sign-on did not complete. Try again, or ask your administrator "
            + "if it keeps failing.";

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        String message;
        if (exception instanceof SsoRefusal refusal && refusal.getError().getDescription() != null) {
            message = refusal.getError().getDescription();
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
