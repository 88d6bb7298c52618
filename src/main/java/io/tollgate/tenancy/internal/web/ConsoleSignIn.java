package io.tollgate.tenancy.internal.web;

import java.util.Optional;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.internal.AccountService;
import io.tollgate.tenancy.internal.ConsoleUser;
import io.tollgate.tenancy.internal.sso.SsoPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Signs a person in after they proved who they are outside the login form (right after sign-up, accepting an
 * invitation with their password, or through their organisation's IdP): a new session id (no fixation), the same
 * principal the login form produces saved in it, and the organisations the session may work in.
 */
@Component
class ConsoleSignIn {

    private final AccountService accounts;
    private final SsoPolicy ssoPolicy;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    ConsoleSignIn(AccountService accounts, SsoPolicy ssoPolicy) {
        this.accounts = accounts;
        this.ssoPolicy = ssoPolicy;
    }

    /** The person proved a password: every organisation of theirs that does not require SSO of them is open. */
    void signIn(UserId userId, Optional<TenantId> tenant, HttpServletRequest request, HttpServletResponse response) {
        ConsoleUser user = establish(userId, request, response);
        SignInScope scope = SignInScope.password(ssoPolicy.passwordSignIn(userId, user.email()).closedTenants());
        scope.applyTo(request);
        tenant.filter(scope::permits).ifPresent(id -> CurrentTenantSession.set(request, id));
    }

    /** The tenant's IdP vouched for the person: the session works in that organisation only. */
    void signInThroughSso(UserId userId, TenantId tenant, HttpServletRequest request, HttpServletResponse response) {
        establish(userId, request, response);
        SignInScope.sso(tenant).applyTo(request);
        CurrentTenantSession.set(request, tenant);
    }

    private ConsoleUser establish(UserId userId, HttpServletRequest request, HttpServletResponse response) {
        ConsoleUser user = accounts.principal(userId);
        user.eraseCredentials();
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        SessionLifetimeFilter.stampSignIn(request);
        return user;
    }
}
