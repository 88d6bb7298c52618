package io.tollgate.budgets.internal.ledger;

import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import io.tollgate.tenancy.TenantTimeZones;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds, credits and corrections (ADR 0037). Each is a new ADJUSTMENT entry in every window the money sits in,
 * under the same window locks as the hot path; nothing already written changes. A line's adjustments never take
 * more than the line cost, and a window never gives back more than it spent.
 */
@Service
@Transactional
public class AdjustmentService {

    static final String MAKERS = "hasAnyRole('OWNER', 'ADMIN')";
    static final String PREFIX = "adj";

    /** What a person asks for: a usage line for refunds and corrections, a budget for credits. */
    public record Request(Adjustment.Kind kind, long delta, String reason, @Nullable UUID usageLine,
                          @Nullable UUID budget) {
    }

    private final AdjustmentStore adjustments;
    private final UsageLineStore usageLines;
    private final WindowLedger windows;
    private final TenantTimeZones timeZones;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AdjustmentService(AdjustmentStore adjustments, UsageLineStore usageLines, WindowLedger windows,
                      TenantTimeZones timeZones, ApplicationEventPublisher events, Clock clock) {
        this.adjustments = adjustments;
        this.usageLines = usageLines;
        this.windows = windows;
        this.timeZones = timeZones;
        this.events = events;
        this.clock = clock;
    }

    @PreAuthorize(MAKERS)
    public Adjustment adjust(Request request) {
        return adjust(request, null);
    }

    /** An adjustment an upheld dispute makes; the dispute service has checked who may resolve it. */
    public Adjustment adjust(Request request, @Nullable UUID dispute) {
        TenantId tenant = TenantScope.requireTenant();
        List<LockedWindow> locked = request.usageLine() != null
                ? lockLine(request.usageLine(), request.delta())
                : lockBudget(tenant, request.budget());
        List<Movement> movements = Bookings.adjust(locked, request.delta())
                .orElseThrow(() -> new ApiProblemException(409, "adjustment-exceeds-spend",
                        "A budget window this money sits in has spent less than "
                                + new Money(-request.delta()).toUsdString() + " USD; nothing was changed."));
        Actor actor = TenantScope.currentActor();
        Adjustment made = new Adjustment(Ids.newUuid(), request.kind(), request.delta(), request.reason().strip(),
                request.usageLine(), request.budget(), dispute, actor.reference(),
                clock.instant());
        adjustments.insert(tenant, made);
        windows.apply(tenant, null, made.id(), movements);
        publish(tenant, made);
        return made;
    }

    @PreAuthorize(ReservationService.READERS_OF_THE_TENANT)
    @Transactional(readOnly = true)
    public Adjustment get(UUID id) {
        return adjustments.find(id).orElseThrow(() -> NotFoundException.of("adjustment"));
    }

    @PreAuthorize(ReservationService.READERS_OF_THE_TENANT)
    @Transactional(readOnly = true)
    public List<Adjustment> page(@Nullable UUID usageLine, @Nullable UUID budget, @Nullable UUID before, int limit) {
        return adjustments.page(usageLine, budget, before, limit);
    }

    private List<LockedWindow> lockLine(UUID id, long delta) {
        UsageLine line = usageLines.lock(id).orElseThrow(() -> NotFoundException.of("usage line"));
        long net = line.reported() + adjustments.totalFor(id);
        if (net + delta < 0) {
            throw new ApiProblemException(422, "adjustment-exceeds-line", "This usage line stands at "
                    + new Money(net).toUsdString() + " USD after earlier adjustments; it cannot go below zero.");
        }
        return windows.lockBookedBy(line);
    }

    private List<LockedWindow> lockBudget(TenantId tenant, @Nullable UUID budget) {
        ZoneId zone = timeZones.of(tenant);
        WindowKey window = windows.currentWindow(java.util.Objects.requireNonNull(budget), clock.instant(), zone)
                .orElseThrow(() -> NotFoundException.of("budget"));
        return windows.lock(tenant, List.of(window), zone);
    }

    private void publish(TenantId tenant, Adjustment made) {
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("amount_usd", Change.added(new Money(made.delta()).toUsdString()));
        changes.put("reason", Change.added(made.reason()));
        if (made.usageLine() != null) {
            changes.put("usage_line", Change.added(PrefixedId.format("use", made.usageLine())));
        }
        if (made.budget() != null) {
            changes.put("budget", Change.added(PrefixedId.format("bud", made.budget())));
        }
        if (made.dispute() != null) {
            changes.put("dispute", Change.added(PrefixedId.format(DisputeService.PREFIX, made.dispute())));
        }
        events.publishEvent(new LedgerRecorded(tenant, "adjustment." + made.kind().name().toLowerCase(Locale.ROOT),
                "adjustment", PrefixedId.format(PREFIX, made.id()), changes));
    }
}
