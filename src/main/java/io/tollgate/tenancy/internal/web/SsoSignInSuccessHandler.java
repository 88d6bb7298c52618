package io.tollgate.tenancy.internal.web;

import java.io.IOException;

import io.tollgate.tenancy.SignedInWithSso;
import io.tollgate.tenancy.internal.sso.SsoPrincipal;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * After the IdP callback was verified and the person admitted: the session gets the same principal a password
 * sign-in produces (so tenant binding, session lifetime and everything else work unchanged), in a new session id,
 * working in the organisation whose IdP vouched for them; the sign-in goes into that organisation's audit trail.
 */
@Component
class SsoSignInSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    private final ConsoleSignIn signIn;
    private final ApplicationEventPublisher events;

    SsoSignInSuccessHandler(ConsoleSignIn signIn, ApplicationEventPublisher events) {
        this.signIn = signIn;
        this.events = events;
        setDefaultTargetUrl("/app");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws ServletException, IOException {
        if (!(authentication.getPrincipal() instanceof SsoPrincipal admitted)) {
            throw new IllegalStateException("an OIDC sign-in that SsoUserService did not admit");
        }
        signIn.signInThroughSso(admitted.user(), admitted.tenant(), request, response);
        events.publishEvent(new SignedInWithSso(admitted.tenant(), admitted.user(), admitted.displayName(),
                admitted.issuer()));
        super.onAuthenticationSuccess(request, response, authentication);
    }
}
