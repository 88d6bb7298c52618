package io.tollgate.policies.internal.engine;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.cel.common.types.CelType;
import dev.cel.common.values.StructValue;
import dev.cel.runtime.CelVariableResolver;
import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.DecisionContext.BudgetWindow;
import org.jspecify.annotations.Nullable;

/**
 * The CEL variables of one decision, built once and shared by every rule. Each struct is a read-only view over
 * the context's records: fields are computed when a condition reads them, nothing is copied up front.
 */
final class ContextActivation implements CelVariableResolver {

    static final double NANOS_PER_USD = 1_000_000_000d;

    private final DecisionContext context;
    private @Nullable Optional<Object> request;
    private @Nullable Optional<Object> agent;
    private @Nullable Optional<Object> project;
    private @Nullable Optional<Object> team;
    private @Nullable Optional<Object> time;
    private @Nullable Optional<Object> budgets;
    private @Nullable Optional<Object> history;

    ContextActivation(DecisionContext context) {
        this.context = context;
    }

    @Override
    public Optional<Object> find(String name) {
        return switch (name) {
            case ContextSchema.REQUEST -> request != null ? request
                    : (request = Optional.of(new RequestView(context.request())));
            case ContextSchema.AGENT -> agent != null ? agent : (agent = Optional.of(new PartyView(context.agent())));
            case ContextSchema.PROJECT -> project != null ? project
                    : (project = Optional.of(new PartyView(context.project())));
            case ContextSchema.TEAM -> team != null ? team : (team = Optional.of(new PartyView(context.team())));
            case ContextSchema.TIME -> time != null ? time : (time = Optional.of(new TimeView(context.time())));
            case ContextSchema.BUDGETS -> budgets != null ? budgets : (budgets = Optional.of(budgetViews()));
            case ContextSchema.HISTORY -> history != null ? history
                    : (history = context.history() == null ? Optional.empty()
                    : Optional.of(new HistoryView(context.history())));
            default -> Optional.empty();
        };
    }

    private List<Object> budgetViews() {
        List<BudgetWindow> windows = context.budgets();
        Object[] views = new Object[windows.size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = new BudgetView(windows.get(i), context.request().estimatedNanoUsd());
        }
        return List.of(views);
    }

    static double usd(long nanoUsd) {
        return nanoUsd / NANOS_PER_USD;
    }

    /**
     * A struct as CEL's runtime sees it. Being a {@link StructValue}, the runtime selects fields from it directly;
     * a plain {@code Map} would be copied entry by entry on every variable read.
     */
    private abstract static class StructView extends StructValue<String, Object> {

        private final Set<String> names;
        private final CelType type;

        StructView(Set<String> names, String typeName) {
            this.names = names;
            this.type = ContextSchema.structType(typeName);
        }

        abstract Object field(String name);

        @Override
        public Object select(String name) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("no such field: " + name);
            }
            return field(name);
        }

        @Override
        public Optional<Object> find(String name) {
            return names.contains(name) ? Optional.of(field(name)) : Optional.empty();
        }

        @Override
        public Object value() {
            return this;
        }

        @Override
        public boolean isZeroValue() {
            return false;
        }

        @Override
        public CelType celType() {
            return type;
        }
    }

    private static final Set<String> REQUEST_FIELDS =
            Set.of("provider", "model", "estimated_usd", "estimated_nano_usd", "tokens", "ttl_seconds", "tags");
    private static final Set<String> PARTY_FIELDS = Set.of("id", "name", "tags");
    private static final Set<String> TIME_FIELDS = Set.of("utc", "local_hour", "local_weekday", "local_date");
    private static final Set<String> BUDGET_FIELDS = Set.of("scope", "scope_id", "period", "hard", "limit_usd",
            "remaining_usd", "fraction_used", "fraction_after");
    private static final Set<String> HISTORY_FIELDS = Set.of("agent_spent_today_usd", "agent_spent_period_usd",
            "requests_last_hour", "model_used_before");

    private static final class RequestView extends StructView {
        private final DecisionContext.Request request;

        RequestView(DecisionContext.Request request) {
            super(REQUEST_FIELDS, "tollgate.Request");
            this.request = request;
        }

        @Override
        Object field(String name) {
            return switch (name) {
                case "provider" -> request.provider();
                case "model" -> request.model();
                case "estimated_usd" -> usd(request.estimatedNanoUsd());
                case "estimated_nano_usd" -> request.estimatedNanoUsd();
                case "tokens" -> request.estimatedTokens();
                case "ttl_seconds" -> request.ttl().toSeconds();
                case "tags" -> request.tags();
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    private static final class PartyView extends StructView {
        private final DecisionContext.Party party;

        PartyView(DecisionContext.Party party) {
            super(PARTY_FIELDS, "tollgate.Party");
            this.party = party;
        }

        @Override
        Object field(String name) {
            return switch (name) {
                case "id" -> party.id();
                case "name" -> party.name();
                case "tags" -> party.tags();
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    private static final class TimeView extends StructView {
        private final DecisionContext.Time time;
        private @Nullable ZonedDateTime local;

        TimeView(DecisionContext.Time time) {
            super(TIME_FIELDS, "tollgate.Time");
            this.time = time;
        }

        private ZonedDateTime local() {
            if (local == null) {
                local = time.utc().atZone(time.zone());
            }
            return local;
        }

        @Override
        Object field(String name) {
            return switch (name) {
                case "utc" -> time.utc();
                case "local_hour" -> (long) local().getHour();
                case "local_weekday" -> local().getDayOfWeek().name();
                case "local_date" -> local().toLocalDate().toString();
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    private static final class BudgetView extends StructView {
        private final BudgetWindow window;
        private final long requestNanoUsd;

        BudgetView(BudgetWindow window, long requestNanoUsd) {
            super(BUDGET_FIELDS, "tollgate.BudgetWindow");
            this.window = window;
            this.requestNanoUsd = requestNanoUsd;
        }

        @Override
        Object field(String name) {
            return switch (name) {
                case "scope" -> window.scope();
                case "scope_id" -> window.scopeId();
                case "period" -> window.period();
                case "hard" -> window.hard();
                case "limit_usd" -> usd(window.limitNanoUsd());
                case "remaining_usd" -> usd(window.remainingNanoUsd());
                case "fraction_used" -> fraction(window.usedNanoUsd());
                case "fraction_after" -> fraction(window.usedNanoUsd() + requestNanoUsd);
                default -> throw new IllegalArgumentException(name);
            };
        }

        private double fraction(long nanoUsd) {
            return window.limitNanoUsd() <= 0 ? 1.0 : (double) nanoUsd / window.limitNanoUsd();
        }
    }

    private static final class HistoryView extends StructView {
        private final DecisionContext.History history;

        HistoryView(DecisionContext.History history) {
            super(HISTORY_FIELDS, "tollgate.History");
            this.history = history;
        }

        @Override
        Object field(String name) {
            return switch (name) {
                case "agent_spent_today_usd" -> usd(history.agentSpentTodayNanoUsd());
                case "agent_spent_period_usd" -> usd(history.agentSpentPeriodNanoUsd());
                case "requests_last_hour" -> history.requestsLastHour();
                case "model_used_before" -> history.modelUsedBefore();
                default -> throw new IllegalArgumentException(name);
            };
        }
    }
}
