package io.tollgate.platform.internal.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tollgate.platform.EndpointClass;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tollgate.rate-limits}: plans of quotas per endpoint class, the sign-in quotas, and how often a replica
 * settles its locally counted requests with the shared buckets in PostgreSQL (ADR 0030).
 */
@ConfigurationProperties("tollgate.rate-limits")
record RateLimitProperties(boolean enabled, String defaultPlan, Map<String, Map<EndpointClass, ScopeQuotas>> plans,
                           SignIn signIn, Sync sync, Duration storageRetryAfter, Duration tenantSettingsCacheTtl,
                           int maxCachedBuckets) {

    /** Quotas of one endpoint class: per credential (API key, JWT subject, console user) and per tenant. */
    record ScopeQuotas(@Nullable List<String> credential, @Nullable List<String> tenant) {

        List<String> credentialOrEmpty() {
            return credential == null ? List.of() : credential;
        }

        List<String> tenantOrEmpty() {
            return tenant == null ? List.of() : tenant;
        }
    }

    record SignIn(List<String> account, List<String> address, List<String> lookup) {
    }

    /**
     * A replica counts up to {@code maxUnsynchronizedTokens} requests of a bucket locally, for at most
     * {@code maxUnsynchronizedTime}, before it settles them in PostgreSQL; 0 settles every request.
     */
    record Sync(long maxUnsynchronizedTokens, Duration maxUnsynchronizedTime) {
    }
}
