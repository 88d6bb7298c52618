package io.tollgate.budgets.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.budgets.BudgetChanged;
import io.tollgate.budgets.BudgetPeriod;
import io.tollgate.identity.AgentId;
import io.tollgate.identity.OrgScopes;
import io.tollgate.identity.ProjectId;
import io.tollgate.identity.TeamId;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.TenantTimeZones;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every member reads budgets. Owners and admins manage all of them; a team's TEAM_ADMIN manages the budgets of the
 * team and of its projects and agents, and another team's budget is "not found" to them. Only owners and admins
 * manage the organisation's own budgets.
 */
@Service
@Transactional
public class BudgetService {

    static final String READERS = "hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')";

    public record Scope(Budget.ScopeType type, @Nullable UUID id) {
    }

    public record Settings(String name, Money limit, boolean hard, List<Integer> softThresholds,
                    @Nullable Money perRequestMax) {
    }

    public record View(Budget budget, Budget.WindowUsage current) {
    }

    /** A budget with its current window's movements in order, for the burn chart. */
    public record Burn(View view, List<Budget.Movement> movements) {
    }

    private final BudgetStore store;
    private final OrgScopes scopes;
    private final TenantTimeZones timeZones;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BudgetService(BudgetStore store, OrgScopes scopes, TenantTimeZones timeZones, ApplicationEventPublisher events,
                  Clock clock) {
        this.store = store;
        this.scopes = scopes;
        this.timeZones = timeZones;
        this.events = events;
        this.clock = clock;
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public List<View> page(@Nullable String scopeType, @Nullable UUID scopeId, @Nullable String period,
                           @Nullable UUID after, int limit) {
        return store.page(scopeType, scopeId, period, after, limit).stream().map(this::view).toList();
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public View get(UUID id) {
        return view(store.find(id).orElseThrow(() -> NotFoundException.of("budget")));
    }

    /** The budget with every movement of its current window. */
    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public Burn burn(UUID id) {
        View view = get(id);
        return new Burn(view, store.movements(id, view.current().window().start()));
    }

    /** Whether the current person may create a budget somewhere (the console shows the button by this). */
    @Transactional(readOnly = true)
    public boolean mayManageSome() {
        return scopes.managesSomeTeam();
    }

    /** Whether the current person may change or delete this budget: the same rule as update and delete. */
    @Transactional(readOnly = true)
    public boolean mayManage(Budget budget) {
        return budget.team() == null ? scopes.administersTenant() : scopes.manages(new TeamId(budget.team()));
    }

    /** The budget, if the current person may change it: the same refusals as update and delete. */
    @Transactional(readOnly = true)
    public View getForChange(UUID id) {
        requireManagesSomething();
        Budget budget = store.find(id).orElseThrow(() -> NotFoundException.of("budget"));
        requireManages(budget.team());
        return view(budget);
    }

    public View create(Scope scope, BudgetPeriod period, Settings settings) {
        requireManagesSomething();
        UUID team = owningTeam(scope);
        requireManages(team);
        validate(settings);
        Budget budget = new Budget(Ids.newUuid(), settings.name().strip(), scope.type(), scope.id(), team, period,
                settings.limit(), settings.hard(), settings.softThresholds(), settings.perRequestMax(), 0,
                clock.instant(), clock.instant());
        try {
            store.insert(tenant(), budget);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("period", "This " + scope.type().name().toLowerCase()
                    + " has a " + period.name().toLowerCase() + " budget already.");
        }
        publish("budget.created", budget.id(), describe(null, budget));
        return get(budget.id());
    }

    public View update(UUID id, long expectedVersion, Settings settings) {
        requireManagesSomething();
        Budget current = store.lock(id).orElseThrow(() -> NotFoundException.of("budget"));
        requireManages(current.team());
        if (current.version() != expectedVersion) {
            throw new PreconditionFailedException("The budget changed since you read it; read it again.");
        }
        validate(settings);
        Budget changed = new Budget(current.id(), settings.name().strip(), current.scopeType(), current.scopeId(),
                current.team(), current.period(), settings.limit(), settings.hard(), settings.softThresholds(),
                settings.perRequestMax(), current.version() + 1, current.createdAt(), clock.instant());
        store.update(changed);
        boolean applied;
        try {
            applied = store.applyLimitToWindow(changed, currentWindow(changed));
        } catch (DataIntegrityViolationException e) {
            applied = false;
        }
        if (!applied) {
            throw new ConflictException("limit_usd", "This period has already used or holds more than "
                    + settings.limit().toUsdString() + " USD (held, spent and overrun); a hard limit cannot go below"
                    + " that.");
        }
        Map<String, Change> changes = describe(current, changed);
        if (!changes.isEmpty()) {
            publish("budget.updated", id, changes);
        }
        return get(id);
    }

    public void delete(UUID id) {
        requireManagesSomething();
        Budget current = store.lock(id).orElseThrow(() -> NotFoundException.of("budget"));
        requireManages(current.team());
        store.markDeleted(id);
        publish("budget.deleted", id, Map.of("name", new Change(current.name(), null)));
    }

    /** Opens the budget's window containing now, if no one has; reservations will take holds in it. */
    public void openCurrentWindow(UUID id) {
        Budget budget = store.find(id).orElseThrow(() -> NotFoundException.of("budget"));
        store.openWindow(tenant(), budget, currentWindow(budget));
    }

    private View view(Budget budget) {
        return new View(budget, store.usage(budget, currentWindow(budget)));
    }

    private BudgetPeriod.Window currentWindow(Budget budget) {
        return budget.period().windowAt(clock.instant(), timeZones.of(tenant()));
    }

    private @Nullable UUID owningTeam(Scope scope) {
        return switch (scope.type()) {
            case ORG -> null;
            case TEAM -> {
                TeamId team = new TeamId(Objects.requireNonNull(scope.id()));
                if (!scopes.teamExists(team)) {
                    throw NotFoundException.of("team");
                }
                yield team.value();
            }
            case PROJECT -> scopes.teamOfProject(new ProjectId(Objects.requireNonNull(scope.id())))
                    .orElseThrow(() -> NotFoundException.of("project")).value();
            case AGENT -> scopes.chainOf(new AgentId(Objects.requireNonNull(scope.id())))
                    .orElseThrow(() -> NotFoundException.of("agent")).team().value();
        };
    }

    private void requireManagesSomething() {
        if (!scopes.managesSomeTeam()) {
            throw new AccessDeniedException("Only owners, admins and team admins manage budgets.");
        }
    }

    /** The org's budgets are the tenant admins'; a team admin meets another team's budget as "not found". */
    private void requireManages(@Nullable UUID team) {
        if (team == null) {
            if (!scopes.administersTenant()) {
                throw new AccessDeniedException("Only owners and admins manage the organisation's budgets.");
            }
        } else if (!scopes.manages(new TeamId(team))) {
            throw NotFoundException.of("budget");
        }
    }

    private static void validate(Settings settings) {
        String name = settings.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidInputException("name", "Use 1–100 characters.");
        }
        if (settings.limit().nanos() <= 0) {
            throw new InvalidInputException("limit_usd", "Give a limit above zero.");
        }
        List<Integer> thresholds = settings.softThresholds();
        for (int i = 0; i < thresholds.size(); i++) {
            int t = thresholds.get(i);
            if (t < 1 || t > 100) {
                throw new InvalidInputException("soft_thresholds", "Use percentages from 1 to 100.");
            }
            if (i > 0 && t <= thresholds.get(i - 1)) {
                throw new InvalidInputException("soft_thresholds", "List each percentage once, smallest first.");
            }
        }
        Money perRequest = settings.perRequestMax();
        if (perRequest != null && (perRequest.nanos() <= 0 || perRequest.compareTo(settings.limit()) > 0)) {
            throw new InvalidInputException("per_request_max_usd",
                    "Give a per-request maximum above zero and not above the limit.");
        }
    }

    private static Map<String, Change> describe(@Nullable Budget before, Budget after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        put(changes, "name", before == null ? null : before.name(), after.name());
        put(changes, "limit_usd", before == null ? null : before.limit().toUsdString(), after.limit().toUsdString());
        put(changes, "hard", before == null ? null : before.hard(), after.hard());
        put(changes, "soft_thresholds", before == null ? null : before.softThresholds().toString(),
                after.softThresholds().toString());
        put(changes, "per_request_max_usd", before == null || before.perRequestMax() == null ? null
                : before.perRequestMax().toUsdString(), after.perRequestMax() == null ? null
                : after.perRequestMax().toUsdString());
        if (before == null) {
            changes.put("scope", Change.added(after.scopeType() + (after.scopeId() == null ? "" : ":" + after.scopeId())));
            changes.put("period", Change.added(after.period().name()));
        }
        return changes;
    }

    private static void put(Map<String, Change> changes, String field, @Nullable Object before,
                            @Nullable Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, new Change(before, after));
        }
    }

    private void publish(String action, UUID budget, Map<String, Change> changes) {
        events.publishEvent(new BudgetChanged(tenant(), action, budget, changes));
    }

    private static TenantId tenant() {
        return TenantScope.requireTenant();
    }
}
