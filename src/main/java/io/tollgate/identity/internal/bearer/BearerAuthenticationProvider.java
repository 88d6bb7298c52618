package io.tollgate.identity.internal.bearer;

import io.tollgate.identity.internal.jwt.JwtAuthenticator;
import io.tollgate.identity.internal.keys.ApiKeyAuthenticator;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * A bearer token is an API key when it says so ({@code tg_…}), otherwise it must be a JWT of a trusted issuer.
 * Deliberately not a bean: an {@code AuthenticationProvider} bean would replace the console's password login.
 */
class BearerAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeyAuthenticator apiKeys;
    private final JwtAuthenticator jwts;

    BearerAuthenticationProvider(ApiKeyAuthenticator apiKeys, JwtAuthenticator jwts) {
        this.apiKeys = apiKeys;
        this.jwts = jwts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        BearerTokenAuthenticationToken bearer = (BearerTokenAuthenticationToken) authentication;
        String token = bearer.getToken();
        if (ApiKeyAuthenticator.claims(token)) {
            return new ApiAuthentication(apiKeys.authenticate(token, remoteAddress(bearer)), null);
        }
        JwtAuthenticator.JwtIdentity identity = jwts.authenticate(token);
        return new ApiAuthentication(identity.principal(), identity.memberRole());
    }

    private static @Nullable String remoteAddress(BearerTokenAuthenticationToken bearer) {
        return bearer.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
