package io.tollgate.identity.internal.jwt;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.identity.TrustedIssuerAdded;
import io.tollgate.identity.TrustedIssuerRemoved;
import io.tollgate.identity.internal.IdentityProperties;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.OutboundHttp;
import io.tollgate.platform.TenantScope;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** The tenant's trusted JWT issuers: added (with OIDC discovery of the JWKS when not given), listed, removed. */
@Service
@Transactional
@PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
public class TrustedIssuerService {

    private final TrustedIssuerStore store;
    private final JwtDecoders decoders;
    private final ApplicationEventPublisher events;
    private final IdentityProperties properties;
    private final RestClient http;

    private final OutboundHttp outbound;

    TrustedIssuerService(TrustedIssuerStore store, JwtDecoders decoders, ApplicationEventPublisher events,
                         IdentityProperties properties, OutboundHttp outbound) {
        this.store = store;
        this.decoders = decoders;
        this.events = events;
        this.properties = properties;
        this.outbound = outbound;
        this.http = RestClient.builder().requestFactory(outbound.requestFactory(Duration.ofSeconds(5))).build();
    }

    public record NewTrustedIssuer(String issuer, String audience, @Nullable String jwksUri,
                                   @Nullable List<String> algorithms, TrustedIssuer.PrincipalType principalType,
                                   @Nullable String principalClaim) {
    }

    public TrustedIssuer add(NewTrustedIssuer request) {
        String issuer = request.issuer().strip();
        String audience = request.audience().strip();
        checkUrl("issuer", issuer);
        if (audience.isEmpty() || audience.length() > 200) {
            throw new InvalidInputException("audience", "Give the audience your tokens carry (1–200 characters).");
        }
        List<String> algorithms = request.algorithms() == null || request.algorithms().isEmpty()
                ? List.of("RS256", "ES256") : List.copyOf(request.algorithms());
        for (String algorithm : algorithms) {
            if (!TrustedIssuer.SUPPORTED_ALGORITHMS.contains(algorithm)) {
                throw new InvalidInputException("algorithms", "\"" + algorithm + "\" is not allowed; use "
                        + String.join(", ", TrustedIssuer.SUPPORTED_ALGORITHMS) + " (no HMAC, no \"none\").");
            }
        }
        String claim = request.principalClaim() == null || request.principalClaim().isBlank()
                ? defaultClaim(request.principalType()) : request.principalClaim().strip();
        if (claim.length() > 100) {
            throw new InvalidInputException("principal_claim", "The claim name is too long.");
        }
        if (store.count() >= TrustedIssuerStore.MAX_PER_TENANT) {
            throw new ConflictException("issuer", "An organisation trusts at most "
                    + TrustedIssuerStore.MAX_PER_TENANT + " issuers; remove one first.");
        }
        if (store.routeTaken(issuer, audience)) {
            throw new ConflictException("audience", "This issuer and audience are already in use; "
                    + "give your tokens an audience of their own.");
        }
        String jwksUri = request.jwksUri() == null || request.jwksUri().isBlank()
                ? discoverJwksUri(issuer) : request.jwksUri().strip();
        checkUrl("jwks_uri", jwksUri);
        var trusted = new TrustedIssuer(Ids.newUuid(), issuer, audience, jwksUri, algorithms,
                request.principalType(), claim, java.time.Instant.now());
        try {
            store.insert(TenantScope.requireTenant(), trusted);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("audience", "This issuer and audience are already in use; "
                    + "give your tokens an audience of their own.");
        }
        events.publishEvent(new TrustedIssuerAdded(TenantScope.requireTenant(), trusted.id(), issuer, audience,
                jwksUri, trusted.principalType().name(), claim));
        return store.byId(trusted.id()).orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<TrustedIssuer> list() {
        return store.all();
    }

    @Transactional(readOnly = true)
    public TrustedIssuer get(UUID id) {
        return store.byId(id).orElseThrow(() -> NotFoundException.of("trusted issuer"));
    }

    public TrustedIssuer remove(UUID id) {
        TrustedIssuer issuer = get(id);
        store.delete(issuer);
        decoders.evict(issuer.id());
        events.publishEvent(new TrustedIssuerRemoved(TenantScope.requireTenant(), issuer.id(), issuer.issuer(),
                issuer.audience()));
        return issuer;
    }

    private static String defaultClaim(TrustedIssuer.PrincipalType type) {
        return type == TrustedIssuer.PrincipalType.USER ? "email" : "sub";
    }

    private String discoverJwksUri(String issuer) {
        String location = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        try {
            Map<String, Object> metadata = http.get().uri(location).retrieve()
                    .body(new ParameterizedTypeReference<Map<String, Object>>() { });
            if (metadata == null || !issuer.equals(metadata.get("issuer"))
                    || !(metadata.get("jwks_uri") instanceof String jwksUri)) {
                throw new InvalidInputException("issuer", "The issuer's discovery document does not name this "
                        + "issuer and a jwks_uri; give jwks_uri explicitly.");
            }
            return jwksUri;
        } catch (RestClientException e) {
            throw new InvalidInputException("issuer", OutboundHttp.OutboundAddressRefused.in(e)
                    .map(Throwable::getMessage).orElse("Could not read " + location
                            + "; check the issuer URL or give jwks_uri explicitly."));
        }
    }

    private void checkUrl(String field, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "Give an absolute https URL.");
        }
        boolean https = "https".equals(uri.getScheme());
        boolean insecureAllowed = properties.jwt().allowInsecureIssuers() && "http".equals(uri.getScheme());
        if (uri.getHost() == null || value.length() > 500 || !(https || insecureAllowed)) {
            throw new InvalidInputException(field, "Give an absolute https URL (at most 500 characters).");
        }
        try {
            outbound.check(uri);
        } catch (OutboundHttp.OutboundAddressRefused e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }
}
