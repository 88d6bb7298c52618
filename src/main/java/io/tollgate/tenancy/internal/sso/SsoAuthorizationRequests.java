package io.tollgate.tenancy.internal.sso;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * The redirect to a tenant's IdP ({@code /oauth2/authorization/t-<uuid>}): Spring's resolver (state, nonce, PKCE),
 * plus the e-mail the person typed as OIDC {@code login_hint}. A tenant without usable SSO (unknown, disabled,
 * discovery failing) resolves to nothing, so the request falls through to the sign-in page instead of an error.
 */
class SsoAuthorizationRequests implements OAuth2AuthorizationRequestResolver {

    static final String LOGIN_HINT = "login_hint";
    private static final Logger log = LoggerFactory.getLogger(SsoAuthorizationRequests.class);
    private static final Pattern PLAUSIBLE_EMAIL = Pattern.compile("[^\\s@]{1,64}@[A-Za-z0-9.-]{1,253}");

    private final DefaultOAuth2AuthorizationRequestResolver delegate;

    SsoAuthorizationRequests(ClientRegistrationRepository registrations) {
        this.delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        return withHint(safely(() -> delegate.resolve(request)), request);
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return withHint(safely(() -> delegate.resolve(request, clientRegistrationId)), request);
    }

    private static @Nullable OAuth2AuthorizationRequest safely(
            java.util.function.Supplier<@Nullable OAuth2AuthorizationRequest> resolution) {
        try {
            return resolution.get();
        } catch (IllegalArgumentException | IssuerDiscovery.DiscoveryFailed e) {
            log.warn("SSO redirect not possible: {}", e.getMessage());
            return null;
        }
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
