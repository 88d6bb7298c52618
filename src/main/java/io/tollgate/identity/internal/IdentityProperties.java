package io.tollgate.identity.internal;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code tollgate.identity.*}: how long credentials may be cached, and how JWTs are checked. */
@Validated
@ConfigurationProperties("tollgate.identity")
public record IdentityProperties(@Valid @NotNull @DefaultValue ApiKeys apiKeys, @Valid @NotNull @DefaultValue Jwt jwt) {

    /**
     * @param cacheTtl how long a verified key is trusted without asking the database again; a revocation on another
     *                 replica takes effect within this time (on the revoking replica at once)
     */
    public record ApiKeys(@NotNull @DefaultValue("5s") Duration cacheTtl,
                          @Min(100) @Max(1_000_000) @DefaultValue("10000") int cacheSize,
                          @NotNull @DefaultValue("15s") Duration lastUsedFlushInterval,
                          @NotNull @DefaultValue("7d") Duration maxRotationOverlap) {
    }

    /**
     * @param clockSkew tolerance on {@code exp} and {@code nbf}, at most 60 s
     * @param allowInsecureIssuers accept {@code http://} issuers and JWKS URIs (development only; off in prod)
     */
    public record Jwt(@NotNull @DefaultValue("60s") Duration clockSkew,
                      @DefaultValue("true") boolean allowInsecureIssuers) {
    }
}
