package io.tollgate.tenancy.internal.web;

import java.io.IOException;

import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.internal.ConsoleUser;
import io.tollgate.tenancy.internal.MembershipDirectory;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/** After sign-in, work in the first organisation the person belongs to (alphabetically) until they switch. */
@Component
class TenantChoosingLoginSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    private final MembershipDirectory directory;

    TenantChoosingLoginSuccessHandler(MembershipDirectory directory) {
        this.directory = directory;
        setDefaultTargetUrl("/app");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws ServletException, IOException {
        if (authentication.getPrincipal() instanceof ConsoleUser user) {
            directory.tenantsOf(user.userId()).stream().findFirst()
                    .ifPresent(choice -> CurrentTenantSession.set(request, new TenantId(choice.tenantId())));
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }
}
