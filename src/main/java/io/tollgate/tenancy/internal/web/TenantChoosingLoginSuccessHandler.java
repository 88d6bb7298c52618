package io.tollgate.tenancy.internal.web;

import java.io.IOException;

import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.SignInSucceeded;
import io.tollgate.tenancy.internal.ConsoleUser;
import io.tollgate.tenancy.internal.MembershipDirectory;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * After sign-in, work in the first organisation the person belongs to (alphabetically) until they switch; the
 * sign-in goes into that organisation's audit trail.
 */
@Component
class TenantChoosingLoginSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    private final MembershipDirectory directory;
    private final ApplicationEventPublisher events;

    TenantChoosingLoginSuccessHandler(MembershipDirectory directory, ApplicationEventPublisher events) {
        this.directory = directory;
        this.events = events;
        setDefaultTargetUrl("/app");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws ServletException, IOException {
        if (authentication.getPrincipal() instanceof ConsoleUser user) {
            SessionLifetimeFilter.stampSignIn(request);
            directory.tenantsOf(user.userId()).stream().findFirst().ifPresent(choice -> {
                TenantId tenant = new TenantId(choice.tenantId());
                CurrentTenantSession.set(request, tenant);
                events.publishEvent(new SignInSucceeded(tenant, user.userId(), user.displayName()));
            });
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }
}
