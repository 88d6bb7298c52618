package io.tollgate.audit.internal.retention;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The bound tenant's retention period and legal hold: owners only, since both decide what evidence survives. */
@Service
public class RetentionSettingsService {

    private final RetentionStore store;
    private final AuditCheckpoints checkpoints;
    private final ApplicationEventPublisher events;

    RetentionSettingsService(RetentionStore store, AuditCheckpoints checkpoints, ApplicationEventPublisher events) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.events = events;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('OWNER')")
    public RetentionViews.Overview overview() {
        TenantScope.requireTenant();
        return new RetentionViews.Overview(store.settings(), store.eventCount(), store.latestAnchor().orElse(null),
                store.latestCheckpoint().orElse(null),
                store.runs(20), store.archives(20), checkpoints.signingKey());
    }

    /**
     * Sets retention (30–3650 days) and legal hold if the settings are still at {@code expectedVersion}. A legal
     * hold stops every purge, including one already due; the database enforces it too.
     */
    @Transactional
    @PreAuthorize("hasRole('OWNER')")
    public RetentionViews.Settings update(int retentionDays, boolean legalHold, long expectedVersion) {
        if (retentionDays < RetentionViews.MIN_RETENTION_DAYS || retentionDays > RetentionViews.MAX_RETENTION_DAYS) {
            throw new InvalidInputException("retentionDays", "Keep audit events for 30 to 3650 days.");
        }
        TenantId tenant = TenantScope.requireTenant();
        RetentionViews.Settings before = store.settings();
        if (before.version() != expectedVersion) {
            throw new PreconditionFailedException("The retention settings were changed by someone else. Reload and retry.");
        }
        if (before.retentionDays() == retentionDays && before.legalHold() == legalHold) {
            return before;
        }
        if (!store.saveSettings(tenant, retentionDays, legalHold, expectedVersion,
                TenantScope.currentActor().displayName())) {
            throw new PreconditionFailedException("The retention settings were changed by someone else. Reload and retry.");
        }
        events.publishEvent(new AuditRetentionUpdated(tenant, before.retentionDays(), retentionDays,
                before.legalHold(), legalHold));
        return store.settings();
    }
}
