package io.tollgate.budgets.internal.web;

import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.tollgate.budgets.BudgetPeriod;
import io.tollgate.budgets.internal.Budget;
import io.tollgate.budgets.internal.BudgetService;
import io.tollgate.budgets.internal.ledger.Reservation;
import io.tollgate.budgets.internal.ledger.ReservationService;
import io.tollgate.identity.OrgScopes;
import io.tollgate.identity.TeamId;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.TenantTimeZones;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's budgets: the list with a spend-vs-limit bar each, a budget's page with its burn chart and the
 * reservations that touched it, and create, edit (optimistic, by version) and delete (after a confirmation step).
 * Who may read or change what, and every rule about a budget's settings, is {@link BudgetService}'s.
 */
@Controller
class BudgetsConsoleController {

    static final int PAGE_SIZE = 25;
    static final int RECENT_RESERVATIONS = 20;

    private final BudgetService budgets;
    private final ReservationService reservations;
    private final OrgScopes scopes;
    private final TenantTimeZones timeZones;
    private final Clock clock;

    BudgetsConsoleController(BudgetService budgets, ReservationService reservations, OrgScopes scopes,
                             TenantTimeZones timeZones, Clock clock) {
        this.budgets = budgets;
        this.reservations = reservations;
        this.scopes = scopes;
        this.timeZones = timeZones;
        this.clock = clock;
    }

    /** A row of the list (and the head of a budget's page). */
    record BudgetRow(UUID id, String apiId, String name, String scopeKind, String scopeName, String period,
                     String limit, boolean hard, String thresholds, @Nullable String perRequestMax, SpendBar bar,
                     String windowLabel, boolean manageable) {
    }

    /** An option of the scope picker. */
    record ScopeOption(String value, String label) {
    }

    /** A reservation that touched the budget. */
    record ReservationRow(UUID id, String apiId, String createdAt, String agent, String model, String state,
                          String held, String actual) {
    }

    @GetMapping("/app/budgets")
    String list(@RequestParam(name = "cursor", required = false) @Nullable String cursor, Model model) {
        UUID after = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = UUID.fromString(cursor);
            } catch (IllegalArgumentException e) {
                model.addAttribute("error", "That page link is not valid; showing the first page.");
            }
        }
        List<BudgetService.View> views = budgets.page(null, null, null, after, PAGE_SIZE + 1);
        Map<UUID, String> names = names();
        List<BudgetRow> rows = views.stream().limit(PAGE_SIZE).map(v -> row(v, names)).toList();
        model.addAttribute("budgets", rows);
        model.addAttribute("nextLink", views.size() > PAGE_SIZE ? "/app/budgets?cursor=" + rows.getLast().id() : null);
        model.addAttribute("firstLink", after == null ? null : "/app/budgets");
        model.addAttribute("mayCreate", budgets.mayManageSome());
        return "budgets/budgets";
    }

    @GetMapping("/app/budgets/new")
    String newBudget(Model model) {
        requireMayCreate();
        return form(model, new BudgetFormData(), null, null);
    }

    @PostMapping("/app/budgets")
    String create(@ModelAttribute("budgetForm") BudgetFormData form, Model model, RedirectAttributes redirect) {
        requireMayCreate();
        BindingResult errors = new BeanPropertyBindingResult(form, "budgetForm");
        try {
            BudgetService.View created = budgets.create(form.toScope(), form.toPeriod(), form.toSettings());
            redirect.addFlashAttribute("notice", "The budget “" + created.budget().name() + "” is created.");
            return "redirect:/app/budgets/" + created.budget().id();
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> errors.rejectValue(BudgetFormData.formField(p.field()), "invalid",
                    p.message()));
        } catch (ConflictException e) {
            errors.rejectValue(BudgetFormData.formField(e.field()), "conflict", e.getMessage());
        }
        // A scope that is not there (or is another team's) stays "not found", as in the API: the picker offers only
        // the scopes this person manages, so only a stale or forged form gets here.
        return form(model, form, errors, null);
    }

    @GetMapping("/app/budgets/{id}")
    String show(@PathVariable("id") String id, Model model) {
        BudgetService.Burn burn = budgets.burn(Ids.parseOrNotFound(id, "budget"));
        Budget b = burn.view().budget();
        ZoneId zone = timeZones.of(TenantScope.requireTenant());
        Map<UUID, String> names = names();
        BudgetPeriod.Window window = burn.view().current().window();
        model.addAttribute("budget", row(burn.view(), names));
        BurnChart.Chart chart = BurnChart.of(b.period() == BudgetPeriod.LIFETIME ? b.createdAt() : window.start(),
                window.end(), clock.instant(), b.limit().nanos(), burn.movements(), zone);
        model.addAttribute("chart", chart);
        model.addAttribute("exhaustsOn", chart.exhaustedAt() == null ? null
                : ReservationsConsoleController.time(chart.exhaustedAt(), zone));
        model.addAttribute("reservations", reservations.touching(b.id(), RECENT_RESERVATIONS).stream()
                .map(r -> reservationRow(r, names, zone)).toList());
        model.addAttribute("zone", zone.getId());
        return "budgets/budget";
    }

    @GetMapping("/app/budgets/{id}/edit")
    String edit(@PathVariable("id") String id, Model model) {
        BudgetService.View view = budgets.getForChange(Ids.parseOrNotFound(id, "budget"));
        return form(model, BudgetFormData.of(view.budget()), null, view.budget());
    }

    @PostMapping("/app/budgets/{id}/edit")
    String update(@PathVariable("id") String id, @ModelAttribute("budgetForm") BudgetFormData form, Model model,
                  RedirectAttributes redirect) {
        UUID budgetId = Ids.parseOrNotFound(id, "budget");
        Budget current = budgets.getForChange(budgetId).budget();
        BindingResult errors = new BeanPropertyBindingResult(form, "budgetForm");
        try {
            BudgetService.View saved = budgets.update(budgetId, form.getVersion(), form.toSettings());
            redirect.addFlashAttribute("notice", "The budget “" + saved.budget().name() + "” is saved.");
            return "redirect:/app/budgets/" + budgetId;
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> errors.rejectValue(BudgetFormData.formField(p.field()), "invalid",
                    p.message()));
        } catch (ConflictException e) {
            errors.rejectValue(BudgetFormData.formField(e.field()), "conflict", e.getMessage());
        } catch (PreconditionFailedException e) {
            // Show what is saved now: saving the typed values over someone else's change would undo it unseen.
            BudgetFormData fresh = BudgetFormData.of(current);
            BindingResult stale = new BeanPropertyBindingResult(fresh, "budgetForm");
            stale.reject("stale", "Someone changed this budget after you opened the form, so your changes were not "
                    + "saved. The form now shows the saved values: make your changes again and save.");
            return form(model, fresh, stale, current);
        }
        return form(model, form, errors, current);
    }

    @GetMapping("/app/budgets/{id}/delete")
    String confirmDelete(@PathVariable("id") String id, Model model) {
        BudgetService.View view = budgets.getForChange(Ids.parseOrNotFound(id, "budget"));
        model.addAttribute("budget", row(view, names()));
        return "budgets/delete";
    }

    /** Deletes only with {@code confirm=yes} from the confirmation page; without it, asks again. */
    @PostMapping("/app/budgets/{id}/delete")
    String delete(@PathVariable("id") String id, @RequestParam(name = "confirm", defaultValue = "") String confirm,
                  Model model, RedirectAttributes redirect) {
        UUID budgetId = Ids.parseOrNotFound(id, "budget");
        BudgetService.View view = budgets.getForChange(budgetId);
        if (!"yes".equals(confirm)) {
            model.addAttribute("budget", row(view, names()));
            return "budgets/delete";
        }
        budgets.delete(budgetId);
        redirect.addFlashAttribute("notice", "The budget “" + view.budget().name() + "” is deleted.");
        return "redirect:/app/budgets";
    }

    private String form(Model model, BudgetFormData form, @Nullable BindingResult errors, @Nullable Budget editing) {
        model.addAttribute("budgetForm", form);
        if (errors != null) {
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "budgetForm", errors);
        }
        model.addAttribute("editing", editing);
        model.addAttribute("formTitle", editing == null ? "New budget" : "Edit " + editing.name());
        if (editing == null) {
            model.addAttribute("scopeOptions", scopeOptions());
            model.addAttribute("periods", List.of("daily", "weekly", "monthly", "lifetime"));
        } else {
            model.addAttribute("scopeLabel", scopeLabel(editing, names()));
            model.addAttribute("periodLabel", periodLabel(editing.period()));
        }
        return "budgets/form";
    }

    /** The scopes this person may budget: the org for tenant admins, and the teams they manage with all below. */
    private List<ScopeOption> scopeOptions() {
        List<ScopeOption> options = new java.util.ArrayList<>();
        if (scopes.administersTenant()) {
            options.add(new ScopeOption("org", "The whole organisation"));
        }
        Map<TeamId, Boolean> manages = new HashMap<>();
        for (OrgScopes.Unit unit : scopes.structure()) {
            if (manages.computeIfAbsent(unit.team(), scopes::manages)) {
                options.add(new ScopeOption(unit.type() + ":" + unit.id(),
                        capitalise(unit.type()) + " · " + unit.name()));
            }
        }
        return options;
    }

    private void requireMayCreate() {
        if (!budgets.mayManageSome()) {
            throw new AccessDeniedException("Only owners, admins and team admins manage budgets.");
        }
    }

    private Map<UUID, String> names() {
        Map<UUID, String> names = new HashMap<>();
        scopes.structure().forEach(u -> names.put(u.id(), u.name()));
        return names;
    }

    private BudgetRow row(BudgetService.View view, Map<UUID, String> names) {
        Budget b = view.budget();
        BudgetPeriod.Window w = view.current().window();
        ZoneId zone = timeZones.of(TenantScope.requireTenant());
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy",
                Locale.ENGLISH).withZone(zone);
        String windowLabel = w.end() == null ? "All time"
                : day.format(w.start()) + " – " + day.format(w.end().minusSeconds(1));
        return new BudgetRow(b.id(), PrefixedId.format("bud", b.id()), b.name(), capitalise(b.scopeType().name()),
                scopeName(b, names), periodLabel(b.period()), Usd.format(b.limit()), b.hard(),
                b.softThresholds().isEmpty() ? "none" : String.join(", ", b.softThresholds().stream()
                        .map(t -> t + "%").toList()),
                b.perRequestMax() == null ? null : Usd.format(b.perRequestMax()),
                SpendBar.of(view.current(), b.softThresholds()), windowLabel, budgets.mayManage(b));
    }

    private static String scopeName(Budget b, Map<UUID, String> names) {
        if (b.scopeId() == null) {
            return "Whole organisation";
        }
        return names.getOrDefault(b.scopeId(), "(deleted)");
    }

    private static String scopeLabel(Budget b, Map<UUID, String> names) {
        return b.scopeId() == null ? "The whole organisation"
                : capitalise(b.scopeType().name()) + " · " + scopeName(b, names);
    }

    static String periodLabel(BudgetPeriod period) {
        return capitalise(period.name());
    }

    static ReservationRow reservationRow(Reservation r, Map<UUID, String> names, ZoneId zone) {
        return new ReservationRow(r.id(), PrefixedId.format("rsv", r.id()), ReservationsConsoleController.time(
                r.createdAt(), zone), names.getOrDefault(r.agent(), PrefixedId.format("agt", r.agent())),
                r.provider() + "/" + r.model(), r.state().name().toLowerCase(Locale.ROOT), Usd.format(r.held()),
                r.actual() == null ? "—" : Usd.format(r.actual()));
    }

    static String capitalise(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
