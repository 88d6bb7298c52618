package io.tollgate.identity.internal.bearer;

import java.util.ArrayList;
import java.util.List;

import io.tollgate.identity.ApiPrincipal;
import io.tollgate.identity.ApiScope;
import io.tollgate.tenancy.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated bearer credential. Agents get {@code SCOPE_*} authorities for their scopes, and the roles the
 * {@code read} (ANALYST) and {@code admin} (ADMIN) scopes stand for; a person gets their membership's role.
 */
final class ApiAuthentication extends AbstractAuthenticationToken {

    private final ApiPrincipal principal;

    ApiAuthentication(ApiPrincipal principal, @Nullable Role memberRole) {
        super(authorities(principal, memberRole));
        this.principal = principal;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(ApiPrincipal principal, @Nullable Role memberRole) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        principal.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
        if (memberRole != null) {
            authorities.add(new SimpleGrantedAuthority(memberRole.authority()));
        } else {
            if (principal.has(ApiScope.READ)) {
                authorities.add(new SimpleGrantedAuthority(Role.ANALYST.authority()));
            }
            if (principal.has(ApiScope.ADMIN)) {
                authorities.add(new SimpleGrantedAuthority(Role.ADMIN.authority()));
            }
        }
        return authorities;
    }

    @Override
    public ApiPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public @Nullable Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return principal.name();
    }
}
