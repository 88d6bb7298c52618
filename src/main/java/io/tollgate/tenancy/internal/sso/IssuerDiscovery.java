package io.tollgate.tenancy.internal.sso;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reads an issuer's OpenID discovery document ({@code /.well-known/openid-configuration}) and keeps it for
 * {@code tollgate.sso.discovery-cache-ttl}. The document must name the issuer itself, and every endpoint must be
 * https unless {@code tollgate.sso.allow-insecure-issuers} is on (never in prod).
 */
@Component
class IssuerDiscovery {

    /** What a client registration needs from the discovery document. */
    record ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                            @Nullable String userinfoEndpoint, List<String> tokenEndpointAuthMethods,
                            Map<String, Object> document) {
    }

    /** The issuer cannot be used; the message is safe to show to the administrator configuring it. */
    static final class DiscoveryFailed extends RuntimeException {

        DiscoveryFailed(String message) {
            super(message);
        }
    }

    private record Cached(ProviderMetadata metadata, Instant fetchedAt) {
    }

    private final SsoProperties properties;
    private final Clock clock;
    private final RestClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    IssuerDiscovery(SsoProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        var requestFactory = new SimpleClientHttpRequestFactory();
        requestFactory.setConnectTimeout(properties.httpTimeout());
        requestFactory.setReadTimeout(properties.httpTimeout());
        this.http = RestClient.builder().requestFactory(requestFactory).build();
    }

    ProviderMetadata discover(String issuer) {
        Cached cached = cache.get(issuer);
        if (cached != null && clock.instant().isBefore(cached.fetchedAt().plus(properties.discoveryCacheTtl()))) {
            return cached.metadata();
        }
        ProviderMetadata fresh = fetch(issuer);
        cache.put(issuer, new Cached(fresh, clock.instant()));
        return fresh;
    }

    void evict(String issuer) {
        cache.remove(issuer);
    }

    /** Is this an acceptable issuer or endpoint URL here (https, or http where allowed)? */
    boolean acceptable(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean https = "https".equals(uri.getScheme());
        boolean insecureAllowed = properties.allowInsecureIssuers() && "http".equals(uri.getScheme());
        return uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                && (https || insecureAllowed);
    }

    private ProviderMetadata fetch(String issuer) {
        String location = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        Map<String, Object> document;
        try {
            document = http.get().uri(location).retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() {
            });
        } catch (RestClientException | IllegalArgumentException e) {
            throw new DiscoveryFailed("Could not read " + location + "; check the issuer URL.");
        }
        if (document == null || !issuer.equals(document.get("issuer"))) {
            throw new DiscoveryFailed("The discovery document at " + location + " does not name " + issuer
                    + " as its issuer; give the issuer exactly as the IdP spells it.");
        }
        String authorization = endpoint(document, "authorization_endpoint", true);
        String token = endpoint(document, "token_endpoint", true);
        String jwks = endpoint(document, "jwks_uri", true);
        String userinfo = endpoint(document, "userinfo_endpoint", false);
        List<String> authMethods = document.get("token_endpoint_auth_methods_supported") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of("client_secret_basic");
        return new ProviderMetadata(issuer, authorization, token, jwks, userinfo, authMethods, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(document)));
    }

    private @Nullable String endpoint(Map<String, Object> document, String name, boolean required) {
        Object value = document.get(name);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String url) || !acceptable(url)) {
            throw new DiscoveryFailed("The issuer's discovery document has no usable " + name
                    + (properties.allowInsecureIssuers() ? "." : " (https is required)."));
        }
        return url;
    }
}
