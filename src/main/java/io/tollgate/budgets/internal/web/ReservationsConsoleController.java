package io.tollgate.budgets.internal.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.tollgate.audit.AuditQuery;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.AuditTrail;
import io.tollgate.budgets.ReservationState;
import io.tollgate.budgets.internal.ledger.LedgerLine;
import io.tollgate.budgets.internal.ledger.Reservation;
import io.tollgate.budgets.internal.ledger.ReservationService;
import io.tollgate.identity.OrgScopes;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.TenantTimeZones;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The reservations explorer (filter by agent, state, model and time; newest first, paged by cursor) and one
 * reservation's timeline: requested, held per budget, extended, committed with any overrun, released or expired,
 * from the reservation row, its ledger entries and (for those who may read it) the audit trail.
 */
@Controller
class ReservationsConsoleController {

    static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final ReservationService reservations;
    private final OrgScopes scopes;
    private final AuditTrail audit;
    private final TenantTimeZones timeZones;

    ReservationsConsoleController(ReservationService reservations, OrgScopes scopes, AuditTrail audit,
                                  TenantTimeZones timeZones) {
        this.reservations = reservations;
        this.scopes = scopes;
        this.audit = audit;
        this.timeZones = timeZones;
    }

    record AgentOption(String id, String name) {
    }

    /** One step of a reservation's life; {@code kind} picks the marker's colour. */
    record Event(Instant at, String time, String kind, String title, String detail) {
    }

    record Figure(String label, String value) {
    }

    /** The whole page, or only the results when htmx asks (the filter form and the pager do). */
    @GetMapping("/app/reservations")
    String explorer(@ModelAttribute("filter") ReservationFilterFormData filter, Model model, HtmxRequest htmx) {
        ZoneId zone = zone();
        Map<UUID, String> names = new HashMap<>();
        List<AgentOption> agents = new ArrayList<>();
        for (OrgScopes.Unit unit : scopes.structure()) {
            names.put(unit.id(), unit.name());
            if (unit.type().equals("agent")) {
                agents.add(new AgentOption(unit.id().toString(), unit.name()));
            }
        }
        try {
            List<ReservationService.View> views = reservations.page(filter.toFilter(zone), filter.cursorOrNull(),
                    PAGE_SIZE + 1);
            List<BudgetsConsoleController.ReservationRow> rows = views.stream().limit(PAGE_SIZE)
                    .map(v -> BudgetsConsoleController.reservationRow(v.reservation(), names, zone)).toList();
            model.addAttribute("reservations", rows);
            model.addAttribute("nextLink", views.size() > PAGE_SIZE
                    ? filter.link("/app/reservations", rows.getLast().id().toString()) : null);
            model.addAttribute("firstLink", filter.getCursor().isEmpty() ? null
                    : filter.link("/app/reservations", null));
        } catch (InvalidInputException e) {
            // Ask anyway with no filter, so whether the page is refused never depends on what was typed.
            reservations.page(new io.tollgate.budgets.internal.ledger.ReservationStore.Filter(null, null, null, null,
                    null), null, 1);
            model.addAttribute("filterError", e.getMessage());
        }
        model.addAttribute("filter", filter);
        model.addAttribute("agents", agents);
        model.addAttribute("states", List.of(ReservationState.values()).stream()
                .map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        model.addAttribute("zone", zone.getId());
        if (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) {
            return "budgets/reservations :: results";
        }
        return "budgets/reservations";
    }

    @GetMapping("/app/reservations/{id}")
    String timeline(@PathVariable("id") String id, Model model) {
        ReservationService.Timeline timeline = reservations.timeline(Ids.parseOrNotFound(id, "reservation"));
        Reservation r = timeline.view().reservation();
        ZoneId zone = zone();
        Map<UUID, String> names = new HashMap<>();
        scopes.structure().forEach(u -> names.put(u.id(), u.name()));
        model.addAttribute("reservation", BudgetsConsoleController.reservationRow(r, names, zone));
        model.addAttribute("figures", figures(r, zone));
        model.addAttribute("events", events(r, timeline.entries(), extensions(r), zone));
        model.addAttribute("budgets", timeline.view().budgets());
        model.addAttribute("reasons", r.reasons());
        model.addAttribute("policyExplanation", r.policyExplanation());
        model.addAttribute("policyVersion", r.policyVersion());
        model.addAttribute("zone", zone.getId());
        return "budgets/reservation";
    }

    private List<Figure> figures(Reservation r, ZoneId zone) {
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure("Agent", scopesName(r.agent())));
        figures.add(new Figure("Model", r.provider() + "/" + r.model()));
        figures.add(new Figure("State", r.state().name().toLowerCase(Locale.ROOT)
                + (r.lateCommit() ? " (committed late)" : "") + (r.due() ? " (expiring)" : "")));
        figures.add(new Figure("Estimated", Usd.format(r.estimated())));
        figures.add(new Figure("Held", Usd.format(r.held())));
        figures.add(new Figure("Actual", r.actual() == null ? "—" : Usd.format(r.actual())));
        figures.add(new Figure("Overrun", Usd.format(r.overrun())));
        figures.add(new Figure("Created", time(r.createdAt(), zone)));
        if (r.expiresAt() != null && r.state() == ReservationState.ACTIVE) {
            figures.add(new Figure("Expires", time(r.expiresAt(), zone)));
        }
        if (r.finishedAt() != null) {
            figures.add(new Figure("Finished", time(r.finishedAt(), zone)));
        }
        if (r.priceVersion() != null) {
            figures.add(new Figure("Price book", r.priceVersion()));
        }
        return figures;
    }

    private String scopesName(UUID agent) {
        return scopes.structure().stream().filter(u -> u.id().equals(agent)).map(OrgScopes.Unit::name).findFirst()
                .orElse(PrefixedId.format("agt", agent));
    }

    /** Extensions leave no ledger entry; the audit trail has them, for the people who may read it. */
    private @Nullable List<AuditRecord> extensions(Reservation r) {
        try {
            return audit.page(new AuditQuery(null, "reservation.extended", "reservation",
                    PrefixedId.format("rsv", r.id()), null, null, null), null, 100).items();
        } catch (AccessDeniedException e) {
            return null;
        }
    }

    static List<Event> events(Reservation r, List<LedgerLine> entries, @Nullable List<AuditRecord> extensions,
                              ZoneId zone) {
        List<Event> events = new ArrayList<>();
        events.add(new Event(r.createdAt(), time(r.createdAt(), zone), "created", "Requested",
                "Estimated " + Usd.format(r.estimated()) + " for " + r.provider() + "/" + r.model() + "."));
        for (LedgerLine e : entries) {
            String budget = "“" + e.budgetName() + "”";
            String what = switch (e.kind()) {
                case "HOLD" -> "Held " + Usd.format(e.reserved()) + " on " + budget;
                case "COMMIT" -> "Committed " + Usd.format(e.committed()) + " on " + budget
                        + (e.reserved() != 0 ? ", hold of " + Usd.format(-e.reserved()) + " taken back" : "");
                case "OVERRUN" -> "Overran by " + Usd.format(e.overrun()) + " on " + budget
                        + (e.reserved() != 0 ? ", hold of " + Usd.format(-e.reserved()) + " taken back" : "");
                case "RELEASE" -> "Released the hold of " + Usd.format(-e.reserved()) + " on " + budget;
                case "EXPIRE" -> "Hold of " + Usd.format(-e.reserved()) + " on " + budget + " expired";
                default -> capitalise(e.kind()) + " on " + budget + ": held " + Usd.format(e.reserved())
                        + ", committed " + Usd.format(e.committed()) + ", overrun " + Usd.format(e.overrun());
            };
            events.add(new Event(e.at(), time(e.at(), zone), e.kind().toLowerCase(Locale.ROOT),
                    capitalise(e.kind()), what + "."));
        }
        if (extensions != null) {
            for (AuditRecord a : extensions) {
                events.add(new Event(a.occurredAt(), time(a.occurredAt(), zone), "extended", "Extended",
                        "The hold's expiry moved later (" + a.actorName() + ")."));
            }
        }
        Instant end = r.finishedAt();
        if (end != null) {
            String detail = switch (r.state()) {
                case COMMITTED -> "Committed at " + Usd.format(r.actual() == null ? 0 : r.actual())
                        + (r.overrun() > 0 ? ", " + Usd.format(r.overrun()) + " over the hold." : ".");
                case RELEASED -> r.lateCommit() ? "Released, then committed late at "
                        + Usd.format(r.actual() == null ? 0 : r.actual()) + " (all of it booked as overrun)."
                        : "Released by the agent; nothing was spent.";
                case EXPIRED -> r.lateCommit() ? "Expired, then committed late at "
                        + Usd.format(r.actual() == null ? 0 : r.actual()) + " (all of it booked as overrun)."
                        : "The hold expired before the agent committed or released it.";
                case DENIED -> "Denied: " + String.join(" ", r.reasons().stream().map(Reservation.Reason::message)
                        .toList());
                default -> "";
            };
            events.add(new Event(end, time(end, zone), r.state().name().toLowerCase(Locale.ROOT),
                    capitalise(r.state().name()), detail));
        }
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(Event::at));
        return sorted;
    }

    static String time(Instant at, ZoneId zone) {
        return TIME.format(at.atZone(zone));
    }

    private static String capitalise(String value) {
        return BudgetsConsoleController.capitalise(value.replace('_', ' '));
    }

    private ZoneId zone() {
        return timeZones.of(TenantScope.requireTenant());
    }
}
