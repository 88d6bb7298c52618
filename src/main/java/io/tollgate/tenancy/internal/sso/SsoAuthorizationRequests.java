package io.tollgate.tenancy.internal.sso;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * The redirect to a tenant's IdP ({@code /oauth2/authorization/t-<uuid>}): Spring's resolver (state, nonce, PKCE),
 * plus the e-mail the person typed as OIDC {@code login_hint}. A tenant without usable SSO (unknown, disabled,
 * discovery failing) fails here, and the redirect filter hands that to {@link SsoLoginFailureHandler}.
 */
class SsoAuthorizationRequests implements OAuth2AuthorizationRequestResolver {

    static final String LOGIN_HINT = "login_hint";
    private static final Pattern PLAUSIBLE_EMAIL = Pattern.compile("[^\\s@]{1,64}@[A-Za-z0-9.-]{1,253}");

    private final DefaultOAuth2AuthorizationRequestResolver delegate;

    SsoAuthorizationRequests(ClientRegistrationRepository registrations) {
        this.delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        return withHint(delegate.resolve(request), request);
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return withHint(delegate.resolve(request, clientRegistrationId), request);
    }

    private static @Nullable OAuth2AuthorizationRequest withHint(@Nullable OAuth2AuthorizationRequest resolved,
                                                                 HttpServletRequest request) {
        String hint = request.getParameter(LOGIN_HINT);
        if (resolved == null || hint == null || !PLAUSIBLE_EMAIL.matcher(hint).matches()) {
            return resolved;
        }
        return OAuth2AuthorizationRequest.from(resolved)
                .additionalParameters(parameters -> parameters.put(LOGIN_HINT, hint)).build();
    }
}
