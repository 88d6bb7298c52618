package io.tollgate.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A replica's memory of tenant configuration that the decision path reads on every request and people change
 * rarely: agent chains, budget definitions, lease policies, the time zone. An entry is keyed by the tenant's
 * configuration version that the current transaction read when it bound the tenant ({@link TransactionBinding}).
 * Every change to those rows bumps the version in its own transaction, by database trigger (migration 0021, ADR
 * 0054), on whichever replica or SQL session makes it. So a transaction is only ever served what was true at or after
 * its first snapshot, and a change is seen by every transaction that starts after it commits, on every replica,
 * with nothing to invalidate. Outside a transaction bound to the tenant the loader runs every time.
 *
 * <p>A tenant keeps only its newest version's entries; beyond {@code maxEntries} in all, the cache starts over.
 */
public final class TenantConfigCache<K, V> {

    private record Generation<K, V>(long version, Map<K, V> values) {
    }

    private final int maxEntries;
    private final Map<TenantId, Generation<K, V>> generations = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    public TenantConfigCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The value for {@code key} as of the current transaction's configuration version, loaded on a miss. */
    public V get(TenantId tenant, K key, Supplier<V> load) {
        Long version = TransactionBinding.configVersionOf(tenant).orElse(null);
        if (version == null) {
            return load.get();
        }
        Generation<K, V> generation = generations.get(tenant);
        if (generation != null && generation.version() == version) {
            V known = generation.values().get(key);
            if (known != null) {
                return known;
            }
        }
        // Loaded in this transaction, after its binding: at least as new as the version it is filed under.
        V loaded = load.get();
        remember(tenant, version, key, loaded);
        return loaded;
    }

    private void remember(TenantId tenant, long version, K key, V value) {
        if (size.incrementAndGet() > maxEntries) {
            generations.clear();
            size.set(1);
        }
        Generation<K, V> current = generations.compute(tenant, (t, old) ->
                old == null || old.version() < version ? new Generation<>(version, new ConcurrentHashMap<>()) : old);
        // A transaction that bound before a newer version appeared leaves the newer generation alone.
        if (current.version() == version) {
            current.values().put(key, value);
        }
    }
}
