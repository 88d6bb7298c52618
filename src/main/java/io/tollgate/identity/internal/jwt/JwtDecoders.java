package io.tollgate.identity.internal.jwt;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.identity.internal.IdentityProperties;
import io.tollgate.platform.OutboundHttp;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

/**
 * One decoder per trusted issuer: keys only from the issuer's JWKS (never from a token's {@code jku}/{@code jwk}
 * header), only the allowed asymmetric algorithms, and {@code iss}, {@code aud}, {@code exp} (required) and
 * {@code nbf} checked with the configured skew.
 */
@Component
class JwtDecoders {

    private final Map<UUID, JwtDecoder> decoders = new ConcurrentHashMap<>();
    private final IdentityProperties properties;
    private final RestTemplate jwksClient;

    JwtDecoders(IdentityProperties properties, OutboundHttp outbound) {
        this.properties = properties;
        this.jwksClient = new RestTemplate(outbound.requestFactory(Duration.ofSeconds(5)));
    }

    JwtDecoder forIssuer(TrustedIssuer issuer) {
        return decoders.computeIfAbsent(issuer.id(), id -> build(issuer));
    }

    void evict(UUID issuerId) {
        decoders.remove(issuerId);
    }

    private JwtDecoder build(TrustedIssuer issuer) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer.jwksUri())
                .jwsAlgorithms(algorithms -> issuer.algorithms().forEach(name -> algorithms.add(
                        Objects.requireNonNull(SignatureAlgorithm.from(name), name))))
                .restOperations(jwksClient)
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(properties.jwt().clockSkew()),
                new JwtIssuerValidator(issuer.issuer()),
                new JwtClaimValidator<java.util.List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(issuer.audience())),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull)));
        return decoder;
    }
}
