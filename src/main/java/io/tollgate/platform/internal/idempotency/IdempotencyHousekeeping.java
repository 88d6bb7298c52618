package io.tollgate.platform.internal.idempotency;

import java.time.Clock;
import java.time.Duration;

import io.tollgate.platform.TenantCatalog;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets idempotency records after their retention (48 h by default, DESIGN §6 asks for at least 24 h). */
@Component
class IdempotencyHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyHousekeeping.class);

    private final TenantCatalog tenants;
    private final TenantTransactions transactions;
    private final IdempotencyStore store;
    private final Clock clock;
    private final Duration retention;

    IdempotencyHousekeeping(TenantCatalog tenants, TenantTransactions transactions, IdempotencyStore store,
                            Clock clock, @Value("${tollgate.idempotency.retention:PT48H}") Duration retention) {
        if (retention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalStateException("tollgate.idempotency.retention must be at least 24 hours (DESIGN §6).");
        }
        this.tenants = tenants;
        this.transactions = transactions;
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "${tollgate.idempotency.purge-interval:PT1H}")
    void purge() {
        for (TenantId tenant : tenants.activeTenants()) {
            try {
                transactions.runAsTenant(tenant, () -> store.deleteOlderThan(clock.instant().minus(retention)));
            } catch (RuntimeException e) {
                log.error("Could not purge idempotency records of tenant {}", tenant, e);
            }
        }
    }
}
