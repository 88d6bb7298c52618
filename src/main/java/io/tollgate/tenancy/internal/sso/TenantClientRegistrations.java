package io.tollgate.tenancy.internal.sso;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.stereotype.Component;

/**
 * Spring Security's client registrations, one per tenant with SSO enabled, built from the database row and the
 * issuer's discovery document: registration id {@code t-<tenant uuid>}, scopes {@code openid email profile}, PKCE
 * on top of the client secret. A built registration is reused while the row's version is unchanged (up to
 * {@code tollgate.sso.registration-cache-ttl}, so a secret rotated in Vault is picked up).
 */
@Component
class TenantClientRegistrations implements ClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(TenantClientRegistrations.class);

    private record Built(long version, ClientRegistration registration, Instant builtAt) {
    }

    private final SsoDirectory directory;
    private final IssuerDiscovery discovery;
    private final ClientSecrets secrets;
    private final SsoProperties properties;
    private final Clock clock;
    private final Map<TenantId, Built> built = new ConcurrentHashMap<>();

    TenantClientRegistrations(SsoDirectory directory, IssuerDiscovery discovery, ClientSecrets secrets,
                              SsoProperties properties, Clock clock) {
        this.directory = directory;
        this.discovery = discovery;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
    }

    /** {@code null} for an unknown id or a tenant without enabled SSO (Spring Security's contract). */
    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        Optional<TenantId> tenant = tenantOf(registrationId);
        if (tenant.isEmpty()) {
            return null;
        }
        Optional<SsoConfiguration> configuration = directory.forTenant(tenant.get()).filter(SsoConfiguration::enabled);
        if (configuration.isEmpty()) {
            built.remove(tenant.get());
            return null;
        }
        SsoConfiguration config = configuration.get();
        Built cached = built.get(config.tenant());
        Instant now = clock.instant();
        if (cached != null && cached.version() == config.version()
                && now.isBefore(cached.builtAt().plus(properties.registrationCacheTtl()))) {
            return cached.registration();
        }
        ClientRegistration registration = build(config);
        built.put(config.tenant(), new Built(config.version(), registration, now));
        return registration;
    }

    static Optional<TenantId> tenantOf(String registrationId) {
        if (!registrationId.startsWith(SsoConfiguration.REGISTRATION_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TenantId(UUID.fromString(
                    registrationId.substring(SsoConfiguration.REGISTRATION_PREFIX.length()))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private ClientRegistration build(SsoConfiguration config) {
        IssuerDiscovery.ProviderMetadata metadata = discovery.discover(config.issuer());
        String secret;
        try {
            secret = secrets.reveal(config);
        } catch (RuntimeException e) {
            // Never the secret itself: only which tenant and why.
            log.error("The SSO client secret of tenant {} could not be read: {}", config.tenant(), e.getMessage());
            throw new IssuerDiscovery.DiscoveryFailed("The client secret could not be read.");
        }
        ClientAuthenticationMethod authentication = metadata.tokenEndpointAuthMethods().contains("client_secret_basic")
                || !metadata.tokenEndpointAuthMethods().contains("client_secret_post")
                ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.CLIENT_SECRET_POST;
        return ClientRegistration.withRegistrationId(config.registrationId())
                .clientId(config.clientId())
                .clientSecret(secret)
                .clientAuthenticationMethod(authentication)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "email", "profile")
                .authorizationUri(metadata.authorizationEndpoint())
                .tokenUri(metadata.tokenEndpoint())
                .jwkSetUri(metadata.jwksUri())
                .userInfoUri(metadata.userinfoEndpoint())
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .issuerUri(config.issuer())
                .providerConfigurationMetadata(metadata.document())
                .clientName(config.issuer())
                .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                .build();
    }
}
