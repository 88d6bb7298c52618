package io.tollgate.tenancy.internal.web;

import java.io.IOException;

import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.SignInFailed;
import io.tollgate.tenancy.internal.AccountService;
import io.tollgate.tenancy.internal.MembershipDirectory;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * A failed sign-in for an existing account is security-relevant to every organisation that account belongs to, so
 * it lands in each of their audit trails. Unknown e-mails belong to no tenant and are only counted in the log.
 */
@Component
class AuditingLoginFailureHandler extends SimpleUrlAuthenticationFailureHandler {

    private final AccountService accounts;
    private final MembershipDirectory directory;
    private final ApplicationEventPublisher events;

    AuditingLoginFailureHandler(AccountService accounts, MembershipDirectory directory,
                                ApplicationEventPublisher events) {
        super("/login?error");
        this.accounts = accounts;
        this.directory = directory;
        this.events = events;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException, ServletException {
        String email = request.getParameter("email");
        if (email != null && !email.isBlank()) {
            accounts.findByEmail(email).ifPresent(user -> directory.tenantsOf(user.userId()).forEach(choice ->
                    events.publishEvent(new SignInFailed(new TenantId(choice.tenantId()), user.userId(),
                            user.email()))));
        }
        super.onAuthenticationFailure(request, response, exception);
    }
}
