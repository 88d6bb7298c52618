package io.tollgate.policies.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyGate;
import io.tollgate.policies.internal.engine.CompiledBundle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Each replica's compiled bundle per tenant (ADR 0062). The decision path reads it from memory; a tenant's first
 * decision on a replica loads it once. A published version that does not compile here leaves the last version that
 * did deciding: the gauge {@code tollgate.policies.bundle.stale} counts such tenants and an ERROR names them.
 */
@Component
@EnableConfigurationProperties(PolicyProperties.class)
class BundleCache implements PolicyGate {

    private static final Logger log = LoggerFactory.getLogger(BundleCache.class);

    /** What decides for a tenant: the latest published number, and the compiled bundle (older when stale). */
    record Entry(long published, CompiledBundle deciding) {

        boolean stale() {
            return deciding.version() != published;
        }
    }

    private final Map<TenantId, Entry> entries = new ConcurrentHashMap<>();
    private final PolicyStore store;
    private final Engine engine;
    private final TenantTransactions transactions;
    private final PolicyProperties properties;

    BundleCache(PolicyStore store, Engine engine, TenantTransactions transactions, PolicyProperties properties,
                MeterRegistry meters) {
        this.store = store;
        this.engine = engine;
        this.transactions = transactions;
        this.properties = properties;
        Gauge.builder("tollgate.policies.bundle.stale", entries,
                        e -> e.values().stream().filter(Entry::stale).count())
                .description("Tenants whose latest published policy bundle does not compile on this replica, so an"
                        + " older version decides")
                .register(meters);
    }

    @Override
    public PolicyDecision decide(TenantId tenant, DecisionContext context) {
        return entry(tenant).deciding().evaluate(context);
    }

    @Override
    public boolean needsHistory(TenantId tenant) {
        return entry(tenant).deciding().referencesHistory();
    }

    /** The tenant's entry; loaded in the caller's transaction (the tenant is bound) on the first call. */
    Entry entry(TenantId tenant) {
        Entry entry = entries.get(tenant);
        if (entry == null) {
            entry = load(tenant, null);
            Entry raced = entries.putIfAbsent(tenant, entry);
            if (raced != null) {
                entry = raced;
            }
        }
        return entry;
    }

    Set<TenantId> cachedTenants() {
        return Set.copyOf(entries.keySet());
    }

    /**
     * Brings a cached tenant up to {@code number} (or to whatever is latest, when null) in a transaction of its
     * own; a tenant this replica never decided for is loaded lazily instead.
     */
    void refresh(TenantId tenant, @Nullable Long number) {
        Entry current = entries.get(tenant);
        if (current == null || (number != null && number <= current.published())) {
            return;
        }
        Entry fresh = transactions.asTenant(tenant, () -> {
            long latest = store.latestNumber();
            Entry now = entries.get(tenant);
            return now != null && latest == now.published() ? now : load(tenant, now);
        });
        entries.put(tenant, fresh);
    }

    private Entry load(TenantId tenant, @Nullable Entry previous) {
        Optional<BundleVersion> latest = store.latest();
        if (latest.isEmpty()) {
            return new Entry(0, engine.empty());
        }
        BundleVersion version = latest.get();
        Engine.Compilation compiled = engine.compile(version.number(), version.rules());
        if (compiled.ok()) {
            return new Entry(version.number(), compiled.compiled());
        }
        CompiledBundle fallback = previous != null ? previous.deciding() : null;
        if (fallback == null) {
            fallback = olderThatCompiles(version.number());
        }
        log.error("Policy bundle v{} of tenant {} does not compile on this replica ({}); v{} keeps deciding",
                version.number(), tenant, summary(compiled.diagnostics()), fallback.version());
        return new Entry(version.number(), fallback);
    }

    private CompiledBundle olderThatCompiles(long below) {
        Long before = below;
        for (BundleVersion older : store.versions(before, properties.lookBack())) {
            Engine.Compilation compiled = engine.compile(older.number(), older.rules());
            if (compiled.ok()) {
                return compiled.compiled();
            }
        }
        return engine.empty();
    }

    private static String summary(List<Engine.Diagnostic> diagnostics) {
        return diagnostics.isEmpty() ? "no diagnostics" : diagnostics.size() + " diagnostics, first: "
                + diagnostics.getFirst().ruleId() + " " + diagnostics.getFirst().line() + ":"
                + diagnostics.getFirst().column() + " " + diagnostics.getFirst().message();
    }
}
