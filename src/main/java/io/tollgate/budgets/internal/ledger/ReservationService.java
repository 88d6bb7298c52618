package io.tollgate.budgets.internal.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.budgets.BudgetThresholdCrossed;
import io.tollgate.budgets.ReservationOverrun;
import io.tollgate.budgets.ReservationRecorded;
import io.tollgate.budgets.ReservationState;
import io.tollgate.budgets.internal.leases.LeaseFence;
import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiPrincipal;
import io.tollgate.identity.ApiScope;
import io.tollgate.identity.OrgScopes;
import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TransactionBinding;
import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceBook;
import io.tollgate.pricing.Quote;
import io.tollgate.pricing.Usage;
import io.tollgate.tenancy.TenantTimeZones;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hot path. A reservation takes a hold on every budget window of its agent's chain in one transaction, in
 * {@link WindowKey#LOCK_ORDER}, or none; commit, release and expiry move the hold on, each under the reservation's
 * row lock and conditional on the state it leaves (ADR 0034). Agents see their own reservations only; members see
 * all of the tenant's.
 */
@Service
@Transactional
public class ReservationService {

    static final String WRITERS = "hasAuthority('SCOPE_reservations:write')";
    static final String READERS_OF_THE_TENANT = "hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')";
    static final String READERS = READERS_OF_THE_TENANT + " or " + WRITERS;
    static final long MAX_LIFETIME_SECONDS = 86_400;
    /** Due holds a denied-looking reservation expires itself at most; the sweeper does the rest. */
    static final int REQUEST_PATH_EXPIRY_LIMIT = 200;

    /** What an agent asks to hold: usage to price, or a cost it worked out itself. */
    public record ReserveRequest(String provider, String model, @Nullable Usage estimate, @Nullable Money estimatedCost,
                                 int ttlSeconds, Map<String, String> tags, @Nullable Long leaseEpoch) {
    }

    /** What the agent really used: usage to price at the reservation's date, or a cost. */
    public record Actual(@Nullable Usage usage, @Nullable Money cost) {
    }

    /** A budget window a reservation touched, with what remains in it now. */
    public record Touched(UUID budget, String name, String scopeType, String period, boolean hard, Money limit,
                          Money remaining) {
    }

    public record ReportedUsage(UUID line, Money cost) {
    }

    /** A reservation with every ledger entry it wrote, oldest first. */
    public record Timeline(View view, List<LedgerLine> entries) {
    }

    public record View(Reservation reservation, List<Touched> budgets) {

        public ReservationState state() {
            return reservation.state();
        }
    }

    private final ReservationStore reservations;
    private final WindowLedger windows;
    private final UsageLineStore usageLines;
    private final OrgScopes scopes;
    private final PriceBook prices;
    private final TenantTimeZones timeZones;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final LeaseFence fence;
    private final PolicyCheck policies;

    ReservationService(ReservationStore reservations, WindowLedger windows, UsageLineStore usageLines,
                       OrgScopes scopes, PriceBook prices, TenantTimeZones timeZones,
                       ApplicationEventPublisher events, Clock clock, LeaseFence fence, PolicyCheck policies) {
        this.fence = fence;
        this.policies = policies;
        this.reservations = reservations;
        this.windows = windows;
        this.usageLines = usageLines;
        this.scopes = scopes;
        this.prices = prices;
        this.timeZones = timeZones;
        this.events = events;
        this.clock = clock;
    }

    @PreAuthorize(WRITERS)
    public View reserve(ReserveRequest request) {
        TenantId tenant = tenant();
        OrgScopes.AgentChain chain = callingAgentChain();
        // The lease row is locked before the windows, and a takeover locks nothing else: no lock cycle (ADR 0035).
        fence.admitReservation(chain.agent(), request.leaseEpoch());
        Pricing pricing = requirePriced(estimate(tenant, request), "estimated_cost_usd");
        Instant now = clock.instant();
        ZoneId zone = timeZones.of(tenant);
        List<LockedWindow> locked = windows.lock(tenant, windows.chainWindows(tenant, chain, now, zone), zone);
        // Policies first (a deny needs no budget), then the hard budgets whatever a rule said (DESIGN §10).
        PolicyCheck.Outcome policy = policies.decide(tenant, chain, request, pricing.amount(), now, zone, locked);
        List<Reservation.Reason> reasons = policy.denied() ? policy.reasons()
                : HoldRules.refusals(locked, pricing.amount());
        if (!policy.denied() && !reasons.isEmpty()
                && expireDueHoldsIn(tenant, HoldRules.full(locked, pricing.amount())) > 0) {
            locked = windows.reread(locked);
            reasons = HoldRules.refusals(locked, pricing.amount());
        }
        if (reasons.isEmpty() && policy.needsApproval()) {
            return park(tenant, chain, request, pricing, policy.reasons(), policy.stamp());
        }
        boolean allowed = reasons.isEmpty();
        // From here on everything is written, nothing read: the writes go out together, before COMMIT (ADR 0054).
        Reservation created = reservations.insertLater(tenant, new Reservation(Ids.newUuid(), chain.agent().value(),
                chain.project().value(), chain.team().value(),
                allowed ? ReservationState.ACTIVE : ReservationState.DENIED, request.provider(), request.model(),
                request.estimate(), pricing.amount(), allowed ? pricing.amount() : 0, null, null, 0, false,
                pricing.version(), pricing.flags(), reasons, request.tags(), request.leaseEpoch(),
                request.ttlSeconds(), null, now, null, false), databaseNow(), policy.stamp());
        List<LockedWindow> after = locked;
        if (allowed) {
            List<Movement> holds = Bookings.hold(locked, pricing.amount());
            windows.applyLater(tenant, created.id(), null, holds);
            after = movedAll(locked, holds);
        }
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("agent", Change.added(chain.agent().toString()));
        changes.put("model", Change.added(request.provider() + "/" + request.model()));
        changes.put("held_usd", Change.added(new Money(created.held()).toUsdString()));
        if (!allowed) {
            changes.put("reasons", Change.added(reasons.stream().map(Reservation.Reason::code).toList()));
        }
        publish(allowed ? "reservation.allowed" : "reservation.denied", created.id(), changes);
        return new View(created, touched(after));
    }

    @PreAuthorize(WRITERS)
    public View commit(UUID id, Actual actual) {
        return commit(id, actual, null);
    }

    /** A commit carrying {@code leaseEpoch} is refused with 409 stale-lease once another epoch replaced it. */
    @PreAuthorize(WRITERS)
    public View commit(UUID id, Actual actual, @Nullable Long leaseEpoch) {
        TenantId tenant = tenant();
        // Without an epoch no lease row is locked, so the held windows can be locked with the reservation, in one
        // round trip; with one, the lease row goes first, before any window (ADR 0035).
        WindowLedger.LockedHold hold = leaseEpoch == null ? lockOwnWithHeldWindows(id) : null;
        Reservation r = hold != null ? hold.reservation() : lockOwn(id);
        fence.admitCommit(new AgentId(r.agent()), leaseEpoch);
        if (r.due()) {
            expireLocked(tenant, r);
            r = reservations.lock(id).orElseThrow();
            hold = null;
        }
        if (r.state() == ReservationState.DENIED || r.state() == ReservationState.PENDING_APPROVAL) {
            throw notActive(r);
        }
        long cost = cost(tenant, r, actual);
        if (r.state() == ReservationState.COMMITTED || r.lateCommit()) {
            if (Objects.equals(r.actual(), cost)) {
                return view(r);
            }
            throw new ApiProblemException(409, "reservation-already-committed",
                    "This reservation was committed with " + new Money(Objects.requireNonNull(r.actual()))
                            .toUsdString() + " USD already; a different second commit is refused.");
        }
        return switch (r.state()) {
            case ACTIVE -> commitActive(tenant, r, hold != null ? hold.windows() : windows.lockHeldBy(r.id()), actual,
                    cost);
            case EXPIRED, RELEASED -> commitLate(tenant, r, actual, cost);
            default -> throw notActive(r);
        };
    }

    /** Commits an ACTIVE reservation whose held windows this transaction holds locked; only writes from here on. */
    private View commitActive(TenantId tenant, Reservation r, List<LockedWindow> held, Actual actual, long cost) {
        List<Movement> movements = Bookings.commit(held, r.held(), cost);
        windows.applyLater(tenant, r.id(), null, movements);
        long overrun = Math.max(0, cost - r.held());
        Reservation committed = reservations.finishLater(r, ReservationState.COMMITTED, actual.usage(), cost, overrun,
                false, databaseNow());
        recordUsage(tenant, r, actual.usage(), cost);
        List<LockedWindow> after = movedAll(held, movements);
        announceThresholds(tenant, after);
        if (overrun > 0) {
            events.publishEvent(new ReservationOverrun(tenant, r.id(), new AgentId(r.agent()), new Money(r.held()),
                    new Money(cost), new Money(overrun), false));
        }
        publish("reservation.committed", r.id(), Map.of("actual_usd", Change.added(new Money(cost).toUsdString()),
                "overrun_usd", Change.added(new Money(overrun).toUsdString()),
                "state", new Change(ReservationState.ACTIVE.name(), ReservationState.COMMITTED.name())));
        // What is being written is known: reading it back would cost round trips.
        return new View(committed, touched(after));
    }

    /** The hold is gone but the money was spent: book it all as overrun and flag it (DESIGN §5). */
    private View commitLate(TenantId tenant, Reservation r, Actual actual, long cost) {
        List<LockedWindow> held = windows.lockHeldBy(r.id());
        List<Movement> movements = Bookings.lateCommit(held, cost);
        windows.apply(tenant, r.id(), null, movements);
        Reservation committed = reservations.finishAndRead(r.id(), r.state(), r.state(), actual.usage(), cost, cost,
                true).orElseThrow();
        recordUsage(tenant, r, actual.usage(), cost);
        List<LockedWindow> after = movedAll(held, movements);
        announceThresholds(tenant, after);
        events.publishEvent(new ReservationOverrun(tenant, r.id(), new AgentId(r.agent()), new Money(r.held()),
                new Money(cost), new Money(cost), true));
        publish("reservation.late_commit", r.id(), Map.of("actual_usd", Change.added(new Money(cost).toUsdString()),
                "state", Change.added(r.state().name())));
        return new View(committed, touched(after));
    }

    @PreAuthorize(WRITERS)
    public View release(UUID id) {
        TenantId tenant = tenant();
        Reservation r = lockOwn(id);
        if (r.due()) {
            expireLocked(tenant, r);
            return view(reservations.find(id).orElseThrow());
        }
        return switch (r.state()) {
            case ACTIVE -> {
                windows.apply(tenant, id, null, Bookings.release(windows.lockHeldBy(id), r.held(),
                        Movement.Kind.RELEASE));
                reservations.finish(id, ReservationState.ACTIVE, ReservationState.RELEASED, null, null, 0, false);
                publish("reservation.released", id, Map.of("state",
                        new Change(ReservationState.ACTIVE.name(), ReservationState.RELEASED.name())));
                yield view(reservations.find(id).orElseThrow());
            }
            case RELEASED, EXPIRED -> view(r);
            default -> throw notActive(r);
        };
    }

    @PreAuthorize(WRITERS)
    public View extend(UUID id, int ttlSeconds) {
        TenantId tenant = tenant();
        Reservation r = lockOwn(id);
        if (r.due()) {
            expireLocked(tenant, r);
        }
        if (r.due() || r.state() == ReservationState.EXPIRED) {
            throw new ApiProblemException(409, "reservation-expired",
                    "The hold expired before this extension arrived; reserve again.");
        }
        if (r.state() != ReservationState.ACTIVE) {
            throw notActive(r);
        }
        reservations.extend(id, ttlSeconds, MAX_LIFETIME_SECONDS);
        Reservation extended = reservations.find(id).orElseThrow();
        publish("reservation.extended", id, Map.of("expires_at",
                new Change(String.valueOf(r.expiresAt()), String.valueOf(extended.expiresAt()))));
        return view(extended);
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public View get(UUID id) {
        return view(visible(reservations.find(id)));
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public List<View> page(ReservationStore.Filter filter, @Nullable UUID before, int limit) {
        ReservationStore.Filter scoped = ownAgentOnly()
                .map(agent -> new ReservationStore.Filter(agent, filter.state(), filter.model(), filter.from(),
                        filter.to()))
                .orElse(filter);
        return reservations.page(scoped, before, limit).stream().map(r -> new View(r, List.of())).toList();
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public Timeline timeline(UUID id) {
        View view = get(id);
        return new Timeline(view, windows.entriesOf(id));
    }

    /** The newest reservations that held or spent against a budget; people of the tenant only. */
    @PreAuthorize(READERS_OF_THE_TENANT)
    @Transactional(readOnly = true)
    public List<Reservation> touching(UUID budget, int limit) {
        return reservations.touching(budget, limit);
    }

    /** Usage an agent reports without having reserved (post-paid): booked, and flagged for reconciliation. */
    @PreAuthorize("hasAuthority('SCOPE_usage:write')")
    public ReportedUsage reportUsage(String provider, String model, Actual actual, Instant occurredAt) {
        TenantId tenant = tenant();
        OrgScopes.AgentChain chain = callingAgentChain();
        Pricing pricing = requirePriced(price(tenant, provider, model, occurredAt, actual, "usage"), "cost_usd");
        ZoneId zone = timeZones.of(tenant);
        List<LockedWindow> locked = windows.lock(tenant, windows.chainWindows(tenant, chain, occurredAt, zone), zone);
        UUID line = Ids.newUuid();
        List<Movement> movements = Bookings.usage(locked, pricing.amount());
        windows.apply(tenant, null, line, movements);
        usageLines.insert(tenant, new UsageLineStore.NewLine(line, null, chain.agent().value(),
                chain.project().value(), chain.team().value(), provider, model,
                actual.usage() == null ? Usage.NONE : actual.usage(), null, pricing.amount(), true,
                pricing.version(), pricing.flags(), occurredAt));
        announceThresholds(tenant, movedAll(locked, movements));
        publish("usage.reported", line, Map.of("agent", Change.added(chain.agent().toString()),
                "cost_usd", Change.added(new Money(pricing.amount()).toUsdString()),
                "no_reservation", Change.added(true)));
        return new ReportedUsage(line, new Money(pricing.amount()));
    }

    /**
     * The sweeper's step: expires up to {@code limit} due holds of the current tenant that nobody else is working on,
     * in this one transaction — one wait for the windows' locks and one write of them for the whole batch, where a
     * transaction per hold queued behind the request traffic on every hot window once per hold (issue 12).
     */
    int expireDue(int limit) {
        return expireAll(tenant(), reservations.lockDue(limit), false);
    }

    /**
     * The request path's own sweep, for a reservation about to be denied: expires due holds in the windows that
     * refuse it, so a lagging sweeper never makes a budget look fuller than it is. This transaction already holds
     * window locks, so it waits for nothing more: holds another transaction is working on, or whose other windows
     * another transaction holds, are left to the sweeper.
     */
    private int expireDueHoldsIn(TenantId tenant, List<WindowKey> fullWindows) {
        if (fullWindows.isEmpty()) {
            return 0;
        }
        return expireAll(tenant, reservations.lockDueHoldingIn(fullWindows, REQUEST_PATH_EXPIRY_LIMIT), true);
    }

    /** Expires locked, due reservations together; with {@code onlyFreeWindows}, those whose windows are free now. */
    private int expireAll(TenantId tenant, List<Reservation> due, boolean onlyFreeWindows) {
        if (due.isEmpty()) {
            return 0;
        }
        Map<UUID, List<WindowKey>> heldIn = windows.heldKeys(due.stream().map(Reservation::id).toList());
        List<WindowKey> keys = heldIn.values().stream().flatMap(List::stream).toList();
        Set<WindowKey> locked = windows.lockKeys(keys, onlyFreeWindows).stream().map(LockedWindow::key)
                .collect(Collectors.toSet());
        List<Reservation> expiring = due.stream()
                .filter(r -> locked.containsAll(heldIn.getOrDefault(r.id(), List.of()))).toList();
        if (expiring.isEmpty()) {
            return 0;
        }
        List<UUID> owners = new ArrayList<>();
        List<Movement> movements = new ArrayList<>();
        for (Reservation r : expiring) {
            for (WindowKey key : heldIn.getOrDefault(r.id(), List.of())) {
                owners.add(r.id());
                movements.add(Movement.release(key, r.held(), Movement.Kind.EXPIRE));
            }
        }
        windows.applyAll(tenant, owners, null, movements);
        if (reservations.expireAll(expiring.stream().map(Reservation::id).toList()) != expiring.size()) {
            throw new IllegalStateException("A locked reservation left ACTIVE during expiry");
        }
        for (Reservation r : expiring) {
            publish("reservation.expired", r.id(), Map.of("state",
                    new Change(ReservationState.ACTIVE.name(), ReservationState.EXPIRED.name())));
        }
        return expiring.size();
    }

    private void expireLocked(TenantId tenant, Reservation r) {
        expireAll(tenant, List.of(r), false);
    }

    // --- PENDING_APPROVAL: stored now; the approvals module will route reservations here. Trusted in-process
    // callers only: the approvals module checks who may approve (maker ≠ checker) before it calls these.

    /** Stores a reservation that waits for a person's approval; it holds nothing until approved. */
    public View parkForApproval(AgentId agent, ReserveRequest request, List<Reservation.Reason> why) {
        TenantId tenant = tenant();
        OrgScopes.AgentChain chain = scopes.chainOf(agent).orElseThrow(() -> NotFoundException.of("agent"));
        return park(tenant, chain, request, requirePriced(estimate(tenant, request), "estimated_cost_usd"), why,
                PolicyStamp.NONE);
    }

    private View park(TenantId tenant, OrgScopes.AgentChain chain, ReserveRequest request, Pricing pricing,
                      List<Reservation.Reason> why, PolicyStamp policy) {
        AgentId agent = chain.agent();
        Reservation parked = reservations.insert(tenant, new Reservation(Ids.newUuid(), agent.value(),
                chain.project().value(), chain.team().value(), ReservationState.PENDING_APPROVAL, request.provider(),
                request.model(), request.estimate(), pricing.amount(), 0, null, null, 0, false, pricing.version(),
                pricing.flags(), why, request.tags(), request.leaseEpoch(), request.ttlSeconds(), null,
                clock.instant(), null, false), policy);
        publish("reservation.pending_approval", parked.id(), Map.of("agent", Change.added(agent.toString())));
        return new View(parked, List.of());
    }

    /** Approval takes the holds now, against the windows as they are now; if they no longer fit, it is denied. */
    public View approve(UUID id) {
        TenantId tenant = tenant();
        Reservation r = reservations.lock(id).orElseThrow(() -> NotFoundException.of("reservation"));
        requirePending(r);
        OrgScopes.AgentChain chain = scopes.chainOf(new AgentId(r.agent()))
                .orElseThrow(() -> NotFoundException.of("agent"));
        ZoneId zone = timeZones.of(tenant);
        List<LockedWindow> locked = windows.lock(tenant,
                windows.chainWindows(tenant, chain, clock.instant(), zone), zone);
        List<Reservation.Reason> reasons = HoldRules.refusals(locked, r.estimated());
        if (!reasons.isEmpty()) {
            reservations.deny(id, reasons);
            publish("reservation.denied", id, Map.of("state",
                    new Change(ReservationState.PENDING_APPROVAL.name(), ReservationState.DENIED.name())));
        } else {
            windows.apply(tenant, id, null, Bookings.hold(locked, r.estimated()));
            reservations.activate(id, r.estimated());
            publish("reservation.approved", id, Map.of("state",
                    new Change(ReservationState.PENDING_APPROVAL.name(), ReservationState.ACTIVE.name())));
        }
        return view(reservations.find(id).orElseThrow());
    }

    public View reject(UUID id, String why) {
        Reservation r = reservations.lock(id).orElseThrow(() -> NotFoundException.of("reservation"));
        requirePending(r);
        reservations.deny(id, List.of(new Reservation.Reason("approval_rejected", null, why)));
        publish("reservation.rejected", id, Map.of("state",
                new Change(ReservationState.PENDING_APPROVAL.name(), ReservationState.DENIED.name())));
        return view(reservations.find(id).orElseThrow());
    }

    private static void requirePending(Reservation r) {
        if (r.state() != ReservationState.PENDING_APPROVAL) {
            throw new ApiProblemException(409, "reservation-not-pending",
                    "This reservation is " + r.state().name().toLowerCase() + ", not waiting for approval.");
        }
    }

    // --- helpers

    private record Pricing(long amount, @Nullable String version, List<String> flags,
                           List<Reservation.Reason> reasons) {
    }

    private Pricing estimate(TenantId tenant, ReserveRequest request) {
        return price(tenant, request.provider(), request.model(), clock.instant(),
                new Actual(request.estimate(), request.estimatedCost()), "estimated_usage");
    }

    /**
     * Prices usage, or takes the caller's cost. Usage that prices to zero (no count, or only counts the model has no
     * price for) is refused: it would hold or book nothing and pass every hard limit unseen. A caller that means
     * "no cost" says so with a cost of "0".
     */
    private Pricing price(TenantId tenant, String provider, String model, Instant at, Actual actual,
                          String usageField) {
        if (actual.cost() != null) {
            ModelKey.of(provider, model);
            return new Pricing(actual.cost().nanos(), null, List.of(), List.of());
        }
        Quote quote = prices.price(tenant, ModelKey.of(provider, model), LocalDate.ofInstant(at, ZoneOffset.UTC),
                Objects.requireNonNull(actual.usage()));
        List<String> flags = quote.flags().stream().map(f -> f.name().toLowerCase()).sorted().toList();
        if (!quote.priced()) {
            return new Pricing(0, quote.priceBookVersion(), flags, List.of(new Reservation.Reason("unknown_model",
                    null, "The price book has no price for " + provider + "/" + model + " ("
                    + quote.unpriced().stream().map(Usage::fieldOf).toList()
                    + ") and this organisation denies unknown models.")));
        }
        long cost = Objects.requireNonNull(quote.cost()).nanos();
        if (cost == 0) {
            String costField = usageField.equals("usage") ? "cost_usd" : usageField.replace("_usage", "_cost_usd");
            throw new InvalidInputException(usageField, "Prices to 0 USD: no count above zero has a price for "
                    + provider + "/" + model + ". Give the counts, or send " + costField + " \"0\" for no cost.");
        }
        return new Pricing(cost, quote.priceBookVersion(), flags, List.of());
    }

    private long cost(TenantId tenant, Reservation r, Actual actual) {
        return requirePriced(price(tenant, r.provider(), r.model(), r.createdAt(), actual, "actual_usage"),
                "actual_cost_usd").amount();
    }

    /** An unknown model under the tenant's "deny" policy is refused before anything is held or booked. */
    private static Pricing requirePriced(Pricing pricing, String costField) {
        if (!pricing.reasons().isEmpty()) {
            throw new ApiProblemException(422, "unknown-model", pricing.reasons().getFirst().message()
                    + " Add a price override, or give " + costField + ".");
        }
        return pricing;
    }

    private void recordUsage(TenantId tenant, Reservation r, @Nullable Usage usage, long cost) {
        usageLines.insert(tenant, new UsageLineStore.NewLine(Ids.newUuid(), r.id(), r.agent(), r.project(),
                r.team(), r.provider(), r.model(), usage == null ? Usage.NONE : usage, r.held(), cost, false,
                r.priceVersion(), r.priceFlags(), clock.instant()));
    }

    private void announceThresholds(TenantId tenant, List<LockedWindow> after) {
        for (LockedWindow w : after) {
            List<Integer> crossed = Bookings.newlyCrossed(w);
            if (!crossed.isEmpty()) {
                windows.markThresholds(w.key(), crossed);
                for (int percent : crossed) {
                    events.publishEvent(new BudgetThresholdCrossed(tenant, w.key().budget(), w.key().start(), percent,
                            new Money(w.spent()), new Money(w.limit())));
                }
            }
        }
    }

    private static List<LockedWindow> movedAll(List<LockedWindow> before, List<Movement> movements) {
        List<LockedWindow> after = new ArrayList<>();
        for (LockedWindow w : before) {
            LockedWindow moved = w;
            for (Movement m : movements) {
                if (m.window().equals(w.key())) {
                    moved = moved.moved(m);
                }
            }
            after.add(moved);
        }
        return after;
    }

    private View view(Reservation r) {
        return new View(r, touched(windows.heldBy(r.id())));
    }

    private static List<Touched> touched(List<LockedWindow> windows) {
        return windows.stream().map(w -> new Touched(w.key().budget(), w.budgetName(), w.scopeType(),
                w.period().name(), w.hard(), new Money(w.limit()), new Money(w.remaining()))).toList();
    }

    private OrgScopes.AgentChain callingAgentChain() {
        AgentId agent = ApiPrincipal.current().map(ApiPrincipal::agent)
                .orElseThrow(() -> new AccessDeniedException("Only an agent's credential can reserve or report."));
        OrgScopes.AgentChain chain = scopes.chainOf(agent).orElseThrow(() -> NotFoundException.of("agent"));
        if (!chain.active()) {
            throw new AccessDeniedException("This agent is disabled.");
        }
        return chain;
    }

    /** As {@link #lockOwn}, with the windows the reservation holds money in, locked after it in lock order. */
    private WindowLedger.LockedHold lockOwnWithHeldWindows(UUID id) {
        AgentId caller = ApiPrincipal.current().map(ApiPrincipal::agent).orElse(null);
        WindowLedger.LockedHold hold = caller == null ? null
                : windows.lockWithHeldWindows(id, caller.value()).orElse(null);
        if (hold == null || !caller.value().equals(hold.reservation().agent())) {
            throw NotFoundException.of("reservation");
        }
        return hold;
    }

    /** The database clock of this transaction, as its binding statement read it; {@code now()} in SQL. */
    private static Instant databaseNow() {
        return TransactionBinding.current().map(TransactionBinding::databaseNow)
                .orElseThrow(() -> new IllegalStateException("Not in a tenant-bound transaction"));
    }

    /** The reservation, if the caller may act on it: an agent acts on its own only. */
    private Reservation lockOwn(UUID id) {
        Reservation r = reservations.lock(id).orElseThrow(() -> NotFoundException.of("reservation"));
        AgentId caller = ApiPrincipal.current().map(ApiPrincipal::agent).orElse(null);
        if (caller == null || !caller.value().equals(r.agent())) {
            throw NotFoundException.of("reservation");
        }
        return r;
    }

    private Reservation visible(Optional<Reservation> found) {
        Reservation r = found.orElseThrow(() -> NotFoundException.of("reservation"));
        Optional<UUID> own = ownAgentOnly();
        if (own.isPresent() && !own.get().equals(r.agent())) {
            throw NotFoundException.of("reservation");
        }
        return r;
    }

    /** A write-only agent credential sees its own agent's reservations only. */
    private static Optional<UUID> ownAgentOnly() {
        return ApiPrincipal.current()
                .filter(p -> p.agent() != null && !p.has(ApiScope.READ) && !p.has(ApiScope.ADMIN))
                .map(p -> Objects.requireNonNull(p.agent()).value());
    }

    private static ApiProblemException notActive(Reservation r) {
        return new ApiProblemException(409, "reservation-not-active",
                "This reservation is " + r.state().name().toLowerCase() + "; only an active one can do this.");
    }

    private void publish(String action, UUID reservation, Map<String, Change> changes) {
        events.publishEvent(new ReservationRecorded(tenant(), action, reservation, changes));
    }

    private static TenantId tenant() {
        return TenantScope.requireTenant();
    }
}
