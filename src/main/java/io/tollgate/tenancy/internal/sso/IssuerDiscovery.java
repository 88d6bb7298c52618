package io.tollgate.tenancy.internal.sso;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.platform.OutboundHttp;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
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

    private final OutboundHttp outbound;

    IssuerDiscovery(SsoProperties properties, Clock clock, OutboundHttp outbound) {
        this.properties = properties;
        this.clock = clock;
        this.outbound = outbound;
        this.http = RestClient.builder().requestFactory(outbound.requestFactory(properties.httpTimeout())).build();
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

    /** Why Tollgate may not call this URL from the server (the outbound-address policy), if it may not. */
    Optional<String> refusal(String url) {
        try {
            outbound.check(URI.create(url));
            return Optional.empty();
        } catch (OutboundHttp.OutboundAddressRefused e) {
            return Optional.of(e.getMessage());
        }
    }

    private ProviderMetadata fetch(String issuer) {
        String location = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        refusal(location).ifPresent(message -> {
            throw new DiscoveryFailed(message);
        });
        Map<String, Object> document;
        try {
            document = http.get().uri(location).retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() {
            });
        } catch (RestClientException | IllegalArgumentException e) {
            throw new DiscoveryFailed(OutboundHttp.OutboundAddressRefused.in(e).map(Throwable::getMessage)
                    .orElse("Could not read " + location + "; check the issuer URL."));
        }
        if (document == null || !issuer.equals(document.get("issuer"))) {
            throw new DiscoveryFailed("The discovery document at " + location + " does not name " + issuer
                    + " as its issuer; give the issuer exactly as the IdP spells it.");
        }
        String authorization = endpoint(document, "authorization_endpoint", true);
        String token = serverSide("token_endpoint", endpoint(document, "token_endpoint", true));
        String jwks = serverSide("jwks_uri", endpoint(document, "jwks_uri", true));
        String userinfo = serverSide("userinfo_endpoint", endpoint(document, "userinfo_endpoint", false));
        List<String> authMethods = document.get("token_endpoint_auth_methods_supported") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of("client_secret_basic");
        return new ProviderMetadata(issuer, authorization, token, jwks, userinfo, authMethods, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(document)));
    }

    /** Endpoints Tollgate itself calls (the authorization endpoint is the browser's business) obey the policy. */
    private @Nullable String serverSide(String name, @Nullable String url) {
        if (url != null) {
            refusal(url).ifPresent(message -> {
                throw new DiscoveryFailed("The issuer's discovery document names a " + name + " that cannot be used: "
                        + message);
            });
        }
        return url;
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
