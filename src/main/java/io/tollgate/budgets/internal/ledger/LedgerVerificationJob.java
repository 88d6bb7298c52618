package io.tollgate.budgets.internal.ledger;

import io.tollgate.platform.TenantCatalog;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the projection check for every active tenant. It only reads the ledger and appends a result, so replicas
 * running it at once cost a duplicate result row, nothing more (ADR 0013).
 */
@Component
class LedgerVerificationJob {

    private static final Logger log = LoggerFactory.getLogger(LedgerVerificationJob.class);

    private final TenantCatalog tenants;
    private final TenantTransactions transactions;
    private final LedgerVerifier verifier;

    LedgerVerificationJob(TenantCatalog tenants, TenantTransactions transactions, LedgerVerifier verifier) {
        this.tenants = tenants;
        this.transactions = transactions;
        this.verifier = verifier;
    }

    @Scheduled(initialDelayString = "${tollgate.ledger.verify-initial-delay:PT10M}",
            fixedDelayString = "${tollgate.ledger.verify-interval:PT1H}")
    void verifyAll() {
        for (TenantId tenant : tenants.activeTenants()) {
            try {
                transactions.asTenant(tenant, verifier::verify);
            } catch (RuntimeException e) {
                log.error("Could not verify the ledger of tenant {}", tenant, e);
            }
        }
    }
}
