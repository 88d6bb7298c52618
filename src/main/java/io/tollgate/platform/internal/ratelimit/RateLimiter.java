package io.tollgate.platform.internal.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.tollgate.platform.EndpointClass;
import io.tollgate.platform.RateLimitOutcome;
import io.tollgate.platform.RateLimits;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Draws a request from each bucket it falls under, in order, and stops at the first refusal (so a key that is
 * over its own quota does not also use up its tenant's).
 */
class RateLimiter implements RateLimits {

    private final BucketStore buckets;
    private final TenantQuotas tenants;
    private final RateLimitProperties properties;

    RateLimiter(BucketStore buckets, TenantQuotas tenants, RateLimitProperties properties) {
        this.buckets = buckets;
        this.tenants = tenants;
        this.properties = properties;
    }

    /** An API request by the named credential; {@code tenant} is null for a credential without one. */
    RateLimitOutcome apiRequest(EndpointClass endpointClass, String credential, @Nullable TenantId tenant) {
        List<LimitedScope> scopes = new ArrayList<>(2);
        if (tenant == null || !properties.enabled()) {
            return consume(scopes);
        }
        TenantQuotas.Resolved quotas = tenants.of(tenant);
        String prefix = "api:" + endpointClass.label() + ":";
        List<Quota> perCredential = quotas.credential().getOrDefault(endpointClass, List.of());
        if (!perCredential.isEmpty()) {
            scopes.add(new LimitedScope("key", prefix + "c:" + digest(tenant + "|" + credential), perCredential));
        }
        List<Quota> perTenant = quotas.tenant().getOrDefault(endpointClass, List.of());
        if (!perTenant.isEmpty()) {
            scopes.add(new LimitedScope("tenant", prefix + "t:" + tenant, perTenant));
        }
        return consume(scopes);
    }

    @Override
    public RateLimitOutcome signInAttempt(String account, String clientAddress) {
        if (!properties.enabled()) {
            return consume(List.of());
        }
        RateLimitProperties.SignIn quotas = properties.signIn();
        return consume(List.of(
                new LimitedScope("account", "sign-in:a:" + digest(account.trim().toLowerCase(Locale.ROOT)),
                        Quota.parseAll(quotas.account())),
                new LimitedScope("address", "sign-in:ip:" + digest(clientAddress), Quota.parseAll(quotas.address()))));
    }

    @Override
    public RateLimitOutcome homeRealmLookup(String clientAddress) {
        if (!properties.enabled()) {
            return consume(List.of());
        }
        return consume(List.of(new LimitedScope("lookup", "sign-in:lookup:ip:" + digest(clientAddress),
                Quota.parseAll(properties.signIn().lookup()))));
    }

    private RateLimitOutcome consume(List<LimitedScope> scopes) {
        List<Probe> probes = new ArrayList<>(scopes.size());
        for (LimitedScope scope : scopes) {
            Probe probe = buckets.consume(scope);
            probes.add(probe);
            if (!probe.consumed()) {
                break;
            }
        }
        return RateLimitHeaders.outcome(scopes, probes);
    }

    /** Bucket ids stay short and carry no e-mail address, address or credential name in clear. */
    static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
