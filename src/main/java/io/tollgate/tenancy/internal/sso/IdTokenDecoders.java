package io.tollgate.tenancy.internal.sso;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.platform.OutboundHttp;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.converter.ClaimTypeConverter;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

/**
 * ID token decoders for the tenants' IdPs (picked up by {@code oauth2Login} as the context's
 * {@code JwtDecoderFactory<ClientRegistration>}). Spring's own factory keeps one decoder per registration id for
 * ever; a tenant may change its issuer, so a decoder here is rebuilt when the issuer, JWKS or client id changes.
 * Keys only from the issuer's JWKS, asymmetric algorithms only, with a timeout on the JWKS call.
 */
@Component
class IdTokenDecoders implements JwtDecoderFactory<ClientRegistration> {

    private record Decoder(String fingerprint, JwtDecoder decoder) {
    }

    private final Map<String, Decoder> decoders = new ConcurrentHashMap<>();
    private final RestTemplate jwksClient;

    IdTokenDecoders(SsoProperties properties, OutboundHttp outbound) {
        this.jwksClient = new RestTemplate(outbound.requestFactory(properties.httpTimeout()));
    }

    @Override
    public JwtDecoder createDecoder(ClientRegistration registration) {
        var provider = registration.getProviderDetails();
        String fingerprint = provider.getIssuerUri() + "|" + provider.getJwkSetUri() + "|" + registration.getClientId();
        return decoders.compute(registration.getRegistrationId(), (id, current) ->
                current != null && current.fingerprint().equals(fingerprint) ? current
                        : new Decoder(fingerprint, build(registration))).decoder();
    }

    private JwtDecoder build(ClientRegistration registration) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.RS384);
                    algorithms.add(SignatureAlgorithm.RS512);
                    algorithms.add(SignatureAlgorithm.PS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                    algorithms.add(SignatureAlgorithm.ES384);
                })
                .restOperations(jwksClient)
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                new OidcIdTokenValidator(registration)));
        decoder.setClaimSetConverter(new ClaimTypeConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
        return decoder;
    }
}
