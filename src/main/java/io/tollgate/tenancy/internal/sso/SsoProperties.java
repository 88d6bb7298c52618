package io.tollgate.tenancy.internal.sso;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tollgate.sso.*}: console single sign-on.
 *
 * @param allowInsecureIssuers accept {@code http://} issuers and endpoints (development and tests; off in prod)
 * @param discoveryCacheTtl how long an issuer's discovery document is trusted before it is read again
 * @param registrationCacheTtl how long a tenant's client registration (with its resolved secret) is kept; a changed
 *                             configuration is picked up at once, a secret rotated in Vault within this time
 * @param httpTimeout connect and read timeout for calls to identity providers
 */
@Validated
@ConfigurationProperties("tollgate.sso")
record SsoProperties(@DefaultValue("true") boolean allowInsecureIssuers,
                     @NotNull @DefaultValue("1h") Duration discoveryCacheTtl,
                     @NotNull @DefaultValue("5m") Duration registrationCacheTtl,
                     @NotNull @DefaultValue("5s") Duration httpTimeout) {
}
