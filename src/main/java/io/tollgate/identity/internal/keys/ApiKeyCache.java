package io.tollgate.identity.internal.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.identity.internal.IdentityProperties;
import io.tollgate.platform.TenantId;
import org.springframework.stereotype.Component;

/**
 * Keys verified in the last few seconds, by the HMAC of the presented token, so the hot path skips two queries.
 * Bounded in time ({@code tollgate.identity.api-keys.cache-ttl}: a revocation on another replica holds within it)
 * and in size (when full, nothing new is cached until entries age out).
 */
@Component
class ApiKeyCache {

    record CachedKey(TenantId tenant, ApiKeyRecord key) {
    }

    private record Entry(CachedKey cached, Instant cachedUntil) {
    }

    private final Map<String, Entry> byTokenHash = new ConcurrentHashMap<>();
    private final IdentityProperties properties;
    private final Clock clock;

    ApiKeyCache(IdentityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    Optional<CachedKey> get(String tokenHash) {
        Entry entry = byTokenHash.get(tokenHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.cachedUntil())) {
            byTokenHash.remove(tokenHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.cached());
    }

    void put(String tokenHash, TenantId tenant, ApiKeyRecord key) {
        if (byTokenHash.size() >= properties.apiKeys().cacheSize()) {
            Instant now = clock.instant();
            byTokenHash.values().removeIf(entry -> !now.isBefore(entry.cachedUntil()));
            if (byTokenHash.size() >= properties.apiKeys().cacheSize()) {
                return;
            }
        }
        byTokenHash.put(tokenHash, new Entry(new CachedKey(tenant, key), clock.instant().plus(properties.apiKeys().cacheTtl())));
    }

    /** Forgets a key at once on this replica (revocation, rotation). */
    void evict(UUID keyId) {
        byTokenHash.values().removeIf(entry -> entry.cached().key().id().equals(keyId));
    }
}
