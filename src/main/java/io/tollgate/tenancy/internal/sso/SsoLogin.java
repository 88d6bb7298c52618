package io.tollgate.tenancy.internal.sso;

import java.util.Optional;

import io.tollgate.platform.OutboundHttp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.client.OAuth2LoginConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The console's OIDC login, for the security configuration to plug in: the tenants' client registrations, the
 * redirect (with PKCE and a login hint), admission after the callback, and the way back to the sign-in page on
 * failure. The IdP's tokens are not kept: Tollgate calls no IdP API after sign-in.
 */
@Component
public class SsoLogin {

    private final TenantClientRegistrations registrations;
    private final SsoUserService users;
    private final RestClientAuthorizationCodeTokenResponseClient tokens;

    SsoLogin(TenantClientRegistrations registrations, SsoUserService users, OutboundHttp outbound,
             SsoProperties properties) {
        this.registrations = registrations;
        this.users = users;
        // Spring Security's own client, but connecting through the outbound-address policy like every IdP call.
        this.tokens = new RestClientAuthorizationCodeTokenResponseClient();
        this.tokens.setRestClient(RestClient.builder()
                .requestFactory(outbound.requestFactory(properties.httpTimeout()))
                .configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
    }

    public void configure(OAuth2LoginConfigurer<HttpSecurity> login, AuthenticationSuccessHandler signedIn) {
        SsoLoginFailureHandler failed = new SsoLoginFailureHandler();
        login.withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
            // Without this, a failure on the way to the IdP is a bare 500.
            @Override
            public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                filter.setAuthenticationFailureHandler(failed);
                return filter;
            }
        });
        login.loginPage("/login")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(new NothingKept())
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(
                        new SsoAuthorizationRequests(registrations)))
                .tokenEndpoint(token -> token.accessTokenResponseClient(tokens))
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(users))
                .successHandler(signedIn)
                .failureHandler(failed);
    }

    /** The sentence an SSO failure left for the sign-in page, read once. */
    public static Optional<String> takeMessage(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(SsoLoginFailureHandler.MESSAGE) instanceof String message)) {
            return Optional.empty();
        }
        session.removeAttribute(SsoLoginFailureHandler.MESSAGE);
        return Optional.of(message);
    }

    /** The path that starts a sign-in at this registration's IdP. */
    public static String authorizationPath(String registrationId) {
        return "/oauth2/authorization/" + registrationId;
    }

    private static final class NothingKept implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String registrationId,
                @Nullable Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, @Nullable Authentication principal,
                                         HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String registrationId, @Nullable Authentication principal,
                                           HttpServletRequest request, HttpServletResponse response) {
        }
    }
}
