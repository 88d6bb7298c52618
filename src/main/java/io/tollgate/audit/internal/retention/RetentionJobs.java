package io.tollgate.audit.internal.retention;

import io.tollgate.platform.TenantCatalog;
import io.tollgate.platform.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The periodic work. Every replica may trigger both: checkpoints are idempotent per (tenant, seq, key), and the
 * archiver takes a per-tenant advisory lock, so a second replica skips a tenant already being archived.
 */
@Component
class RetentionJobs {

    private static final Logger log = LoggerFactory.getLogger(RetentionJobs.class);

    private final TenantCatalog tenants;
    private final AuditCheckpoints checkpoints;
    private final AuditArchiver archiver;
    private final AuditProperties properties;

    RetentionJobs(TenantCatalog tenants, AuditCheckpoints checkpoints, AuditArchiver archiver,
                  AuditProperties properties) {
        this.tenants = tenants;
        this.checkpoints = checkpoints;
        this.archiver = archiver;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${tollgate.audit.checkpoint.initial-delay:PT2M}",
            fixedDelayString = "${tollgate.audit.checkpoint.interval:PT15M}")
    void checkpointAll() {
        for (TenantId tenant : tenants.activeTenants()) {
            try {
                checkpoints.checkpointHead(tenant);
            } catch (RuntimeException e) {
                log.error("Could not sign the audit chain head of tenant {}", tenant, e);
            }
        }
    }

    @Scheduled(cron = "${tollgate.audit.retention.schedule:0 30 3 * * *}")
    void archiveAll() {
        if (properties.retention().enabled()) {
            archiver.archiveAll();
        }
    }
}
