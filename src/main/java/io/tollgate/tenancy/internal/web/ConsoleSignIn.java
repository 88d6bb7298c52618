package io.tollgate.tenancy.internal.web;

import java.util.Optional;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.internal.AccountService;
import io.tollgate.tenancy.internal.ConsoleUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Signs a person in after they proved who they are outside the login form (right after sign-up, or accepting an
 * invitation with their password): a new session id (no fixation), the security context saved in it.
 */
@Component
class ConsoleSignIn {

    private final AccountService accounts;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    ConsoleSignIn(AccountService accounts) {
        this.accounts = accounts;
    }

    void signIn(UserId userId, Optional<TenantId> tenant, HttpServletRequest request, HttpServletResponse response) {
        ConsoleUser user = accounts.principal(userId);
        user.eraseCredentials();
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        tenant.ifPresent(id -> CurrentTenantSession.set(request, id));
        SessionLifetimeFilter.stampSignIn(request);
    }
}
