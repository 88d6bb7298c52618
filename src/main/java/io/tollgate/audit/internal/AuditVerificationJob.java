package io.tollgate.audit.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.audit.AuditVerification;
import io.tollgate.platform.TenantCatalog;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Verifies every tenant's chain periodically. {@code tollgate.audit.chain.broken} counts tenants whose chain is
 * broken (alert when above 0); a broken chain is also logged at ERROR with the first offending event. Every
 * replica may run it: it only reads.
 */
@Component
class AuditVerificationJob {

    private static final Logger log = LoggerFactory.getLogger(AuditVerificationJob.class);

    private final TenantCatalog tenants;
    private final TenantTransactions transactions;
    private final AuditChainVerifier verifier;
    private final Map<TenantId, Boolean> brokenByTenant = new ConcurrentHashMap<>();
    private final AtomicLong lastRunEpochSeconds = new AtomicLong();

    AuditVerificationJob(TenantCatalog tenants, TenantTransactions transactions, AuditChainVerifier verifier,
                         MeterRegistry meters) {
        this.tenants = tenants;
        this.transactions = transactions;
        this.verifier = verifier;
        Gauge.builder("tollgate.audit.chain.broken", brokenByTenant,
                        map -> map.values().stream().filter(Boolean::booleanValue).count())
                .description("Tenants whose audit chain failed the last verification").register(meters);
        Gauge.builder("tollgate.audit.chain.last_verification", lastRunEpochSeconds, AtomicLong::get)
                .description("When the periodic verification last completed (epoch seconds)").baseUnit("seconds")
                .register(meters);
    }

    @Scheduled(initialDelayString = "${tollgate.audit.verify.initial-delay:PT1M}",
            fixedDelayString = "${tollgate.audit.verify.interval:PT1H}")
    void verifyAll() {
        for (TenantId tenant : tenants.activeTenants()) {
            verify(tenant);
        }
        lastRunEpochSeconds.set(System.currentTimeMillis() / 1000);
    }

    AuditVerification verify(TenantId tenant) {
        AuditVerification result = transactions.asTenant(tenant, verifier::verifyBoundTenant);
        brokenByTenant.put(tenant, !result.intact());
        if (!result.intact()) {
            log.error("Audit chain of tenant {} is broken at seq {} (event {}): {}", tenant, result.brokenSeq(),
                    result.brokenEventId(), result.problem());
        }
        return result;
    }
}
