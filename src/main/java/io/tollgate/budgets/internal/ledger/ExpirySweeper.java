package io.tollgate.budgets.internal.ledger;


import io.tollgate.platform.TenantCatalog;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Releases holds whose TTL has passed by the database clock. Every replica runs it: due reservations are locked in
 * batches under {@code FOR UPDATE SKIP LOCKED} and expired a batch per transaction, each only while still ACTIVE
 * and due, so of two replicas (or a replica and a late commit) exactly one makes the terminal transition, and a
 * backlog is worked off in a few transactions rather than one per hold (ADR 0013, ADR 0034, ADR 0048).
 */
@Component
class ExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final TenantCatalog tenants;
    private final TenantTransactions transactions;
    private final ReservationService service;
    private final int batchSize;
    private final Counter expired;

    ExpirySweeper(TenantCatalog tenants, TenantTransactions transactions, ReservationService service,
                  MeterRegistry meters,
                  @Value("${tollgate.ledger.sweep-batch:500}") int batchSize) {
        this.tenants = tenants;
        this.transactions = transactions;
        this.service = service;
        this.batchSize = batchSize;
        this.expired = meters.counter("tollgate.ledger.reservations.expired");
    }

    @Scheduled(initialDelayString = "${tollgate.ledger.sweep-initial-delay:PT5S}",
            fixedDelayString = "${tollgate.ledger.sweep-interval:PT5S}")
    void sweep() {
        for (TenantId tenant : tenants.activeTenants()) {
            try {
                sweep(tenant);
            } catch (RuntimeException e) {
                log.error("Could not expire reservations of tenant {}", tenant, e);
            }
        }
    }

    /** Expires everything of this tenant that is due now, a batch per transaction; returns how many it expired. */
    int sweep(TenantId tenant) {
        int count = 0;
        while (true) {
            int inBatch = transactions.asTenant(tenant, () -> service.expireDue(batchSize));
            count += inBatch;
            expired.increment(inBatch);
            // A short batch is the last; due holds others had locked (SKIP LOCKED) are theirs to finish.
            if (inBatch < batchSize) {
                return count;
            }
        }
    }
}
