package io.tollgate.tenancy.internal.web;

import java.io.IOException;

import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.SignInSucceeded;
import io.tollgate.tenancy.SsoSignInRefused;
import io.tollgate.tenancy.internal.ConsoleUser;
import io.tollgate.tenancy.internal.MembershipDirectory;
import io.tollgate.tenancy.internal.sso.SsoPolicy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Component;

/**
 * After a password sign-in: refused after all when the person's organisation requires single sign-on (checked
 * only once the password proved right, so the answer reveals nothing to someone guessing); otherwise work in the
 * first organisation the person belongs to (alphabetically) that a password may open, until they switch. The
 * sign-in goes into that organisation's audit trail.
 */
@Component
class TenantChoosingLoginSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    static final String SSO_REQUIRED_URL = "/login?ssoRequired";

    private final MembershipDirectory directory;
    private final SsoPolicy ssoPolicy;
    private final ApplicationEventPublisher events;

    TenantChoosingLoginSuccessHandler(MembershipDirectory directory, SsoPolicy ssoPolicy,
                                      ApplicationEventPublisher events) {
        this.directory = directory;
        this.ssoPolicy = ssoPolicy;
        this.events = events;
        setDefaultTargetUrl("/app");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws ServletException, IOException {
        if (authentication.getPrincipal() instanceof ConsoleUser user) {
            SsoPolicy.PasswordVerdict verdict = ssoPolicy.passwordSignIn(user.userId(), user.email());
            if (verdict.refused()) {
                new SecurityContextLogoutHandler().logout(request, response, authentication);
                ssoPolicy.refusingTenant(user.userId(), user.email()).ifPresent(tenant -> events.publishEvent(
                        new SsoSignInRefused(tenant, user.email(), "password_sign_in")));
                getRedirectStrategy().sendRedirect(request, response, SSO_REQUIRED_URL);
                return;
            }
            SessionLifetimeFilter.stampSignIn(request);
            SignInScope scope = SignInScope.password(verdict.closedTenants());
            scope.applyTo(request);
            directory.tenantsOf(user.userId()).stream()
                    .map(choice -> new TenantId(choice.tenantId()))
                    .filter(scope::permits)
                    .findFirst().ifPresent(tenant -> {
                        CurrentTenantSession.set(request, tenant);
                        events.publishEvent(new SignInSucceeded(tenant, user.userId(), user.displayName()));
                    });
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }
}
