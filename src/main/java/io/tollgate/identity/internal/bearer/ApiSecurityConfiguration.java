package io.tollgate.identity.internal.bearer;

import io.tollgate.identity.internal.jwt.JwtAuthenticator;
import io.tollgate.identity.internal.keys.ApiKeyAuthenticator;
import io.tollgate.platform.ProblemResponses;
import io.tollgate.platform.ProblemTypes;
import io.tollgate.platform.SecurityHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The public API's door, {@code /v1/**}: stateless bearer credentials (API keys, trusted JWTs) without CSRF, and, for
 * the console's own use, the browser session with CSRF. Every refusal is problem+json.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    private static final String REALM = "Bearer realm=\"tollgate\"";

    @Bean
    @Order(10)
    SecurityFilterChain apiChain(HttpSecurity http, ApiKeyAuthenticator apiKeys, JwtAuthenticator jwts)
            throws Exception {
        var bearerManager = new ProviderManager(new BearerAuthenticationProvider(apiKeys, jwts));
        return http.securityMatcher("/v1/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(request -> bearerManager)
                        .authenticationEntryPoint(ApiSecurityConfiguration::unauthenticated))
                .csrf(csrf -> csrf.ignoringRequestMatchers(ApiSecurityConfiguration::carriesNoCookieAuthority))
                // An API caller is never sent to a sign-in page and back, so nothing here may save a request: the
                // default cache stored an anonymous GET in a new HTTP session (one per call, ADR 0056). Signing out
                // is the console's /logout, and no /v1 code asks the servlet request for its user or roles.
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .servletApi(servletApi -> servletApi.disable())
                .headers(SecurityHeaders.strict())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ApiSecurityConfiguration::unauthenticated)
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(request, response,
                                403, ProblemTypes.FORBIDDEN, hasBearerToken(request)
                                        ? "Your credentials do not allow this."
                                        : "You are not allowed to do this (or the CSRF token is missing).")))
                .build();
    }

    @Bean
    FilterRegistrationBean<ApiPrincipalBindingFilter> apiPrincipalBindingFilter() {
        var registration = new FilterRegistrationBean<>(new ApiPrincipalBindingFilter());
        // Before the platform's rate limiter, which needs the tenant this filter binds.
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        return registration;
    }

    /**
     * CSRF guards what a cookie vouches for: a request with a bearer token, or without any session, carries no
     * authority a forged cross-site request could borrow. Without this, an anonymous write would be refused for
     * its missing CSRF token (403) before anyone asks it for credentials (401 with a challenge).
     */
    static boolean carriesNoCookieAuthority(HttpServletRequest request) {
        return hasBearerToken(request) || request.getRequestedSessionId() == null;
    }

    /** A header the browser never adds on its own, so a request carrying it cannot be a cross-site forgery. */
    static boolean hasBearerToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static void unauthenticated(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException e) {
        String detail = "Sign in, or send valid credentials.";
        String header = REALM;
        if (e instanceof OAuth2AuthenticationException oauth && hasBearerToken(request)) {
            String description = oauth.getError().getDescription();
            detail = description != null ? description : "The bearer token is not valid.";
            header = REALM + ", error=\"" + oauth.getError().getErrorCode() + "\"";
        }
        response.setHeader("WWW-Authenticate", header);
        try {
            ProblemResponses.write(request, response, 401, ProblemTypes.UNAUTHENTICATED, detail);
        } catch (java.io.IOException io) {
            throw new java.io.UncheckedIOException(io);
        }
    }
}
