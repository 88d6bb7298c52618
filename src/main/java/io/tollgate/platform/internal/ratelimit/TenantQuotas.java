package io.tollgate.platform.internal.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.platform.EndpointClass;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each tenant's quotas: its plan's (or the default plan's), with the operator's overrides on top. Read at most
 * once per {@code tenant-settings-cache-ttl} per replica, so an override takes effect within that time.
 */
class TenantQuotas {

    /** Overrides as stored: endpoint class label → scope ({@code credential}, {@code tenant}) → quotas. */
    static final TypeReference<Map<String, Map<String, List<String>>>> OVERRIDES = new TypeReference<>() {
    };
    static final JsonMapper JSON = JsonMapper.builder().build();

    record Settings(String plan, Map<String, Map<String, List<String>>> overrides) {
    }

    record Resolved(Map<EndpointClass, List<Quota>> credential, Map<EndpointClass, List<Quota>> tenant) {
    }

    private record Cached(Resolved resolved, Instant until) {
    }

    private final RateLimitProperties properties;
    private final TenantTransactions transactions;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

    TenantQuotas(RateLimitProperties properties, TenantTransactions transactions, JdbcTemplate jdbc, Clock clock) {
        this.properties = properties;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Resolved of(TenantId tenant) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenant);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.resolved();
        }
        Resolved resolved = resolve(settings(tenant).orElse(new Settings(properties.defaultPlan(), Map.of())));
        cache.put(tenant, new Cached(resolved, now.plus(properties.tenantSettingsCacheTtl())));
        return resolved;
    }

    Optional<Settings> settings(TenantId tenant) {
        return transactions.asTenant(tenant, () -> jdbc.query(
                "SELECT plan, overrides::text FROM tenant_rate_limits WHERE tenant_id = ?",
                (rs, i) -> new Settings(rs.getString(1), JSON.readValue(rs.getString(2), OVERRIDES)),
                tenant.value()).stream().findFirst());
    }

    void forget(TenantId tenant) {
        cache.remove(tenant);
    }

    /** Applies the overrides to the plan; throws {@link IllegalArgumentException} naming what is wrong. */
    Resolved resolve(Settings settings) {
        Map<EndpointClass, RateLimitProperties.ScopeQuotas> plan = properties.plans().get(settings.plan());
        if (plan == null) {
            throw new IllegalArgumentException("Unknown plan '" + settings.plan() + "'; known: "
                    + properties.plans().keySet() + ".");
        }
        Map<EndpointClass, List<Quota>> credential = new EnumMap<>(EndpointClass.class);
        Map<EndpointClass, List<Quota>> tenant = new EnumMap<>(EndpointClass.class);
        plan.forEach((endpointClass, quotas) -> {
            credential.put(endpointClass, Quota.parseAll(quotas.credentialOrEmpty()));
            tenant.put(endpointClass, Quota.parseAll(quotas.tenantOrEmpty()));
        });
        settings.overrides().forEach((label, scopes) -> {
            EndpointClass endpointClass = endpointClass(label);
            scopes.forEach((scope, quotas) -> {
                switch (scope) {
                    case "credential" -> credential.put(endpointClass, Quota.parseAll(quotas));
                    case "tenant" -> tenant.put(endpointClass, Quota.parseAll(quotas));
                    default -> throw new IllegalArgumentException(
                            "Unknown scope '" + scope + "'; use credential or tenant.");
                }
            });
        });
        return new Resolved(credential, tenant);
    }

    private static EndpointClass endpointClass(String label) {
        for (EndpointClass candidate : EndpointClass.values()) {
            if (candidate.label().equals(label) && candidate != EndpointClass.SIGN_IN) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Unknown endpoint class '" + label
                + "'; use decision, usage, read, admin-write or webhook.");
    }
}
