package io.tollgate.identity.internal.keys;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code last_used_at} without a write per request: uses are noted in memory and written in one batch per
 * tenant every few seconds (and at shutdown). Each replica flushes its own; the update only moves time forward.
 */
@Component
class LastUsedRecorder {

    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

    private record KeyRef(TenantId tenant, UUID key) {
    }

    private final ConcurrentHashMap<KeyRef, Instant> pending = new ConcurrentHashMap<>();
    private final ApiKeyStore store;
    private final TenantTransactions transactions;

    LastUsedRecorder(ApiKeyStore store, TenantTransactions transactions) {
        this.store = store;
        this.transactions = transactions;
    }

    void used(TenantId tenant, UUID key, Instant at) {
        pending.merge(new KeyRef(tenant, key), at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(fixedDelayString = "${tollgate.identity.api-keys.last-used-flush-interval:15s}")
    @PreDestroy
    void flush() {
        Map<TenantId, Map<UUID, Instant>> byTenant = new HashMap<>();
        for (KeyRef ref : pending.keySet()) {
            Instant at = pending.remove(ref);
            if (at != null) {
                byTenant.computeIfAbsent(ref.tenant(), t -> new HashMap<>()).put(ref.key(), at);
            }
        }
        byTenant.forEach((tenant, uses) -> {
            try {
                transactions.runAsTenant(tenant, () -> store.touch(uses));
            } catch (RuntimeException e) {
                log.warn("Could not record last use of {} API keys of tenant {}; will retry", uses.size(), tenant, e);
                uses.forEach((key, at) -> used(tenant, key, at));
            }
        });
    }
}
