package io.tollgate.budgets.internal.ledger;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.budgets.LedgerRecorded;
import io.tollgate.platform.Actor;
import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.Money;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Disputes on usage lines: OWNER, ADMIN or ANALYST open one (at most one open per line); OWNER or ADMIN resolve it
 * as upheld or rejected. An upheld dispute may refund part or all of the line in the same transaction.
 */
@Service
@Transactional
public class DisputeService {

    static final String PREFIX = "dsp";
    static final String OPENERS = "hasAnyRole('OWNER', 'ADMIN', 'ANALYST')";

    private final DisputeStore disputes;
    private final UsageLineStore usageLines;
    private final AdjustmentService adjustments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DisputeService(DisputeStore disputes, UsageLineStore usageLines, AdjustmentService adjustments,
                   ApplicationEventPublisher events, Clock clock) {
        this.disputes = disputes;
        this.usageLines = usageLines;
        this.adjustments = adjustments;
        this.events = events;
        this.clock = clock;
    }

    @PreAuthorize(OPENERS)
    public Dispute open(UUID usageLine, String reason) {
        TenantId tenant = TenantScope.requireTenant();
        usageLines.lock(usageLine).orElseThrow(() -> NotFoundException.of("usage line"));
        Dispute opened = new Dispute(Ids.newUuid(), usageLine, Dispute.State.OPEN, reason.strip(), actorName(),
                clock.instant(), null, null, null, null, null);
        try {
            disputes.insert(tenant, opened);
        } catch (DuplicateKeyException e) {
            throw new ApiProblemException(409, "dispute-already-open",
                    "This usage line has an open dispute already; resolve that one first.");
        }
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("usage_line", Change.added(PrefixedId.format("use", usageLine)));
        changes.put("reason", Change.added(opened.reason()));
        publish(tenant, "dispute.opened", opened.id(), changes);
        return opened;
    }

    /** Resolves an open dispute; {@code refund} (nano-USD, positive) is only allowed when upheld. */
    @PreAuthorize(AdjustmentService.MAKERS)
    public Dispute resolve(UUID id, Dispute.Outcome outcome, String resolution, @Nullable Long refund) {
        TenantId tenant = TenantScope.requireTenant();
        Dispute open = disputes.lock(id).orElseThrow(() -> NotFoundException.of("dispute"));
        if (open.state() != Dispute.State.OPEN) {
            throw new ApiProblemException(409, "dispute-not-open",
                    "This dispute was resolved already (" + open.outcome() + ").");
        }
        UUID adjustment = null;
        if (refund != null) {
            adjustment = adjustments.adjust(new AdjustmentService.Request(Adjustment.Kind.REFUND, -refund,
                    "Dispute upheld: " + resolution.strip(), open.usageLine(), null), id).id();
        }
        disputes.resolve(id, outcome, resolution.strip(), actorName(), adjustment);
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("state", new Change(Dispute.State.OPEN.name(), Dispute.State.RESOLVED.name()));
        changes.put("outcome", Change.added(outcome.name()));
        changes.put("resolution", Change.added(resolution.strip()));
        if (refund != null) {
            changes.put("refund_usd", Change.added(new Money(refund).toUsdString()));
        }
        publish(tenant, "dispute.resolved", id, changes);
        return disputes.find(id).orElseThrow();
    }

    @PreAuthorize(ReservationService.READERS_OF_THE_TENANT)
    @Transactional(readOnly = true)
    public Dispute get(UUID id) {
        return disputes.find(id).orElseThrow(() -> NotFoundException.of("dispute"));
    }

    @PreAuthorize(ReservationService.READERS_OF_THE_TENANT)
    @Transactional(readOnly = true)
    public List<Dispute> page(Dispute.@Nullable State state, @Nullable UUID usageLine, @Nullable UUID before,
                              int limit) {
        return disputes.page(state, usageLine, before, limit);
    }

    private static String actorName() {
        Actor actor = TenantScope.currentActor();
        return actor.reference();
    }

    private void publish(TenantId tenant, String action, UUID dispute, Map<String, Change> changes) {
        events.publishEvent(new LedgerRecorded(tenant, action, "dispute", PrefixedId.format(PREFIX, dispute),
                changes));
    }
}
