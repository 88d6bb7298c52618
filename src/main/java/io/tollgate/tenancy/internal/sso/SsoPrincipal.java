package io.tollgate.tenancy.internal.sso;

import java.io.Serial;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The IdP's user after Tollgate admitted them: the member they are and the tenant whose IdP vouched for them. It
 * lives only until the sign-in completes, when the session gets the same principal a password sign-in produces.
 */
public final class SsoPrincipal extends DefaultOidcUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final TenantId tenant;
    private final UserId user;
    private final String displayName;
    private final String issuer;

    SsoPrincipal(OidcUser oidcUser, TenantId tenant, UserId user, String displayName, String issuer) {
        super(oidcUser.getAuthorities(), oidcUser.getIdToken(), oidcUser.getUserInfo());
        this.tenant = tenant;
        this.user = user;
        this.displayName = displayName;
        this.issuer = issuer;
    }

    public TenantId tenant() {
        return tenant;
    }

    public UserId user() {
        return user;
    }

    public String displayName() {
        return displayName;
    }

    public String issuer() {
        return issuer;
    }
}
