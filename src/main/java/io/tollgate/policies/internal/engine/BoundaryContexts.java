package io.tollgate.policies.internal.engine;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.DecisionContext.BudgetWindow;
import io.tollgate.policies.DecisionContext.History;
import io.tollgate.policies.DecisionContext.Party;
import io.tollgate.policies.DecisionContext.Request;
import io.tollgate.policies.RuleScope;
import org.jspecify.annotations.Nullable;

/**
 * Contexts built to sit on the edges of a condition: each literal a condition compares a context field with gives
 * that field the literal, the literal plus and minus the smallest step (1 for integers, one nano-USD for amounts),
 * or for strings the literal and a different string. The combinations, applied to a neutral request inside the
 * rule's scope, are where a condition flips; the conflict analysis looks for witnesses among them.
 */
final class BoundaryContexts {

    /** At most this many combinations of settings per condition. */
    static final int MAX_ASSIGNMENTS = 64;

    private static final double EPSILON = 1e-9;

    /** One field set to one value: {@code path} like {@code request.model}, {@code agent.tags['env']}. */
    record Setting(String path, Object value) {

        @Override
        public String toString() {
            return path + " = " + (value instanceof String s ? '"' + s + '"' : value);
        }
    }

    /** A neutral request that no condition cares about: mid-week noon, a cent, one roomy org budget. */
    static DecisionContext neutral() {
        return new DecisionContext(
                new Request("provider", "model", 10_000_000L, Map.of("input", 1000L, "output", 1000L),
                        Duration.ofMinutes(5), Map.of()),
                new Party("agt_any", "agent", Map.of()),
                new Party("prj_any", "project", Map.of()),
                new Party("team_any", "team", Map.of()),
                new DecisionContext.Time(Instant.parse("2026-01-07T12:00:00Z"), ZoneOffset.UTC),
                List.of(new BudgetWindow("org", "org_any", "month", true, 1000_000_000_000L, 0)),
                new History(0, 0, 0, true));
    }

    /** The settings a condition's literals suggest, grouped by path, each path's values in a stable order. */
    static Map<String, List<Object>> settings(CelExpr condition) {
        Map<String, Set<Object>> values = new LinkedHashMap<>();
        new Extractor(values).visit(condition);
        Map<String, List<Object>> settings = new LinkedHashMap<>();
        values.forEach((path, set) -> settings.put(path, List.copyOf(set)));
        return settings;
    }

    /** Up to {@link #MAX_ASSIGNMENTS} combinations of one value per path (the empty one when there are no paths). */
    static List<List<Setting>> assignments(Map<String, List<Object>> settings) {
        List<String> paths = new ArrayList<>(settings.keySet());
        List<List<Setting>> assignments = new ArrayList<>();
        int[] odometer = new int[paths.size()];
        while (assignments.size() < MAX_ASSIGNMENTS) {
            List<Setting> assignment = new ArrayList<>(paths.size());
            for (int i = 0; i < paths.size(); i++) {
                assignment.add(new Setting(paths.get(i), settings.get(paths.get(i)).get(odometer[i])));
            }
            assignments.add(assignment);
            int i = paths.size() - 1;
            while (i >= 0 && ++odometer[i] == settings.get(paths.get(i)).size()) {
                odometer[i--] = 0;
            }
            if (i < 0) {
                break;
            }
        }
        return assignments;
    }

    /** The scope's target as settings, so that a context built from them falls under the scope. */
    static List<Setting> scopeSettings(RuleScope scope) {
        return switch (scope.kind()) {
            case ORG -> List.of();
            case TEAM -> List.of(new Setting("team.id", scope.target()));
            case PROJECT -> List.of(new Setting("project.id", scope.target()));
            case AGENT -> List.of(new Setting("agent.id", scope.target()));
            case AGENT_TAG, PROJECT_TAG -> {
                int eq = scope.target().indexOf('=');
                String party = scope.kind() == RuleScope.Kind.AGENT_TAG ? "agent" : "project";
                yield eq <= 0 ? List.of() : List.of(new Setting(party + ".tags['"
                        + scope.target().substring(0, eq) + "']", scope.target().substring(eq + 1)));
            }
        };
    }

    /**
     * The context with every setting applied, budget windows last (their fractions depend on the estimate);
     * {@code null} when a value cannot be represented (a negative TTL, an hour of 25, a date that is not one).
     */
    static @Nullable DecisionContext apply(DecisionContext base, List<Setting> settings) {
        DecisionContext context = base;
        List<Setting> ordered = new ArrayList<>(settings);
        ordered.sort((a, b) -> Boolean.compare(a.path().startsWith("budgets"), b.path().startsWith("budgets")));
        for (Setting setting : ordered) {
            context = apply(context, setting);
            if (context == null) {
                return null;
            }
        }
        return context;
    }

    private static @Nullable DecisionContext apply(DecisionContext c, Setting setting) {
        String path = setting.path();
        Object value = setting.value();
        int bracket = path.indexOf("['");
        String key = bracket < 0 ? null : path.substring(bracket + 2, path.length() - 2);
        String field = bracket < 0 ? path : path.substring(0, bracket);
        Request r = c.request();
        return switch (field) {
            case "request.provider" -> withRequest(c, new Request((String) value, r.model(), r.estimatedNanoUsd(),
                    r.estimatedTokens(), r.ttl(), r.tags()));
            case "request.model" -> withRequest(c, new Request(r.provider(), (String) value, r.estimatedNanoUsd(),
                    r.estimatedTokens(), r.ttl(), r.tags()));
            case "request.estimated_usd", "request.estimated_nano_usd" -> {
                long nanos = field.endsWith("nano_usd") ? asLong(value) : nanos(value);
                yield nanos < 0 ? null : withRequest(c, new Request(r.provider(), r.model(), nanos,
                        r.estimatedTokens(), r.ttl(), r.tags()));
            }
            case "request.ttl_seconds" -> asLong(value) <= 0 ? null : withRequest(c, new Request(r.provider(),
                    r.model(), r.estimatedNanoUsd(), r.estimatedTokens(), Duration.ofSeconds(asLong(value)),
                    r.tags()));
            case "request.tokens" -> asLong(value) < 0 ? null : withRequest(c, new Request(r.provider(), r.model(),
                    r.estimatedNanoUsd(), put(r.estimatedTokens(), key, asLong(value)), r.ttl(), r.tags()));
            case "request.tags" -> withRequest(c, new Request(r.provider(), r.model(), r.estimatedNanoUsd(),
                    r.estimatedTokens(), r.ttl(), put(r.tags(), key, (String) value)));
            case "agent.id", "agent.name", "agent.tags" -> new DecisionContext(r, party(c.agent(), field, key, value),
                    c.project(), c.team(), c.time(), c.budgets(), c.history());
            case "project.id", "project.name", "project.tags" -> new DecisionContext(r, c.agent(),
                    party(c.project(), field, key, value), c.team(), c.time(), c.budgets(), c.history());
            case "team.id", "team.name", "team.tags" -> new DecisionContext(r, c.agent(), c.project(),
                    party(c.team(), field, key, value), c.time(), c.budgets(), c.history());
            case "time.local_hour", "time.local_weekday", "time.local_date" -> time(c, field, value);
            case "history.agent_spent_today_usd", "history.agent_spent_period_usd", "history.requests_last_hour",
                 "history.model_used_before" -> history(c, field, value);
            default -> field.startsWith("budgets[*].") ? budgets(c, field.substring("budgets[*].".length()), value)
                    : c;
        };
    }

    private static DecisionContext withRequest(DecisionContext c, Request request) {
        return new DecisionContext(request, c.agent(), c.project(), c.team(), c.time(), c.budgets(), c.history());
    }

    private static Party party(Party p, String field, @Nullable String key, Object value) {
        return switch (field.substring(field.indexOf('.') + 1)) {
            case "id" -> new Party((String) value, p.name(), p.tags());
            case "name" -> new Party(p.id(), (String) value, p.tags());
            default -> new Party(p.id(), p.name(), put(p.tags(), key, (String) value));
        };
    }

    private static @Nullable DecisionContext time(DecisionContext c, String field, Object value) {
        ZonedDateTime local = c.time().utc().atZone(c.time().zone());
        ZonedDateTime moved;
        switch (field) {
            case "time.local_hour" -> {
                long hour = asLong(value);
                if (hour < 0 || hour > 23) {
                    return null;
                }
                moved = local.withHour((int) hour);
            }
            case "time.local_weekday" -> {
                DayOfWeek day;
                try {
                    day = DayOfWeek.valueOf((String) value);
                } catch (IllegalArgumentException e) {
                    return null;
                }
                moved = local.plusDays(day.getValue() - local.getDayOfWeek().getValue());
            }
            default -> {
                try {
                    LocalDate date = LocalDate.parse((String) value);
                    moved = local.with(date);
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return new DecisionContext(c.request(), c.agent(), c.project(), c.team(),
                new DecisionContext.Time(moved.toInstant(), c.time().zone()), c.budgets(), c.history());
    }

    private static @Nullable DecisionContext history(DecisionContext c, String field, Object value) {
        History h = c.history() == null ? new History(0, 0, 0, true) : c.history();
        History moved = switch (field) {
            case "history.agent_spent_today_usd" -> new History(nanos(value), h.agentSpentPeriodNanoUsd(),
                    h.requestsLastHour(), h.modelUsedBefore());
            case "history.agent_spent_period_usd" -> new History(h.agentSpentTodayNanoUsd(), nanos(value),
                    h.requestsLastHour(), h.modelUsedBefore());
            case "history.requests_last_hour" -> new History(h.agentSpentTodayNanoUsd(), h.agentSpentPeriodNanoUsd(),
                    asLong(value), h.modelUsedBefore());
            default -> new History(h.agentSpentTodayNanoUsd(), h.agentSpentPeriodNanoUsd(), h.requestsLastHour(),
                    (Boolean) value);
        };
        if (moved.agentSpentTodayNanoUsd() < 0 || moved.agentSpentPeriodNanoUsd() < 0
                || moved.requestsLastHour() < 0) {
            return null;
        }
        return new DecisionContext(c.request(), c.agent(), c.project(), c.team(), c.time(), c.budgets(), moved);
    }

    private static @Nullable DecisionContext budgets(DecisionContext c, String field, Object value) {
        List<BudgetWindow> moved = new ArrayList<>(c.budgets().size());
        long estimate = c.request().estimatedNanoUsd();
        for (BudgetWindow w : c.budgets()) {
            long limit = w.limitNanoUsd();
            BudgetWindow m = switch (field) {
                case "scope" -> new BudgetWindow((String) value, w.scopeId(), w.period(), w.hard(), limit, w.usedNanoUsd());
                case "scope_id" -> new BudgetWindow(w.scope(), (String) value, w.period(), w.hard(), limit,
                        w.usedNanoUsd());
                case "period" -> new BudgetWindow(w.scope(), w.scopeId(), (String) value, w.hard(), limit,
                        w.usedNanoUsd());
                case "hard" -> new BudgetWindow(w.scope(), w.scopeId(), w.period(), (Boolean) value, limit,
                        w.usedNanoUsd());
                case "limit_usd" -> new BudgetWindow(w.scope(), w.scopeId(), w.period(), w.hard(), nanos(value),
                        Math.min(w.usedNanoUsd(), nanos(value)));
                case "remaining_usd" -> new BudgetWindow(w.scope(), w.scopeId(), w.period(), w.hard(), limit,
                        limit - nanos(value));
                case "fraction_used" -> new BudgetWindow(w.scope(), w.scopeId(), w.period(), w.hard(), limit,
                        fractionOf(limit, value));
                case "fraction_after" -> new BudgetWindow(w.scope(), w.scopeId(), w.period(), w.hard(), limit,
                        fractionOf(limit, value) - estimate);
                default -> w;
            };
            if (m.limitNanoUsd() < 0 || m.usedNanoUsd() < 0) {
                return null;
            }
            moved.add(m);
        }
        return new DecisionContext(c.request(), c.agent(), c.project(), c.team(), c.time(), moved, c.history());
    }

    /** The used amount that makes {@code used / limit} the given fraction, rounded up so {@code > f} holds for f+ε. */
    private static long fractionOf(long limit, Object fraction) {
        return (long) Math.ceil(((Number) fraction).doubleValue() * limit);
    }

    private static long nanos(Object usd) {
        return usd instanceof Double d ? Math.round(d * ContextActivation.NANOS_PER_USD)
                : ((Number) usd).longValue() * 1_000_000_000L;
    }

    private static long asLong(Object value) {
        return value instanceof Double d ? (long) Math.floor(d) : ((Number) value).longValue();
    }

    private static <V> Map<String, V> put(Map<String, V> map, @Nullable String key, V value) {
        Map<String, V> copy = new HashMap<>(map);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    /** Walks a condition and records, for each context path compared with a literal, the values worth trying. */
    private static final class Extractor {
        private final Map<String, Set<Object>> values;
        private final Map<String, String> budgetIterVars = new HashMap<>();

        Extractor(Map<String, Set<Object>> values) {
            this.values = values;
        }

        void visit(CelExpr expr) {
            switch (expr.getKind()) {
                case CALL -> {
                    call(expr);
                    expr.call().target().ifPresent(this::visit);
                    expr.call().args().forEach(this::visit);
                }
                case SELECT -> {
                    String path = path(expr);
                    if (path != null && ContextSchemaPaths.isBool(path)) {
                        add(path, true);
                        add(path, false);
                    }
                    visit(expr.select().operand());
                }
                case LIST -> expr.list().elements().forEach(this::visit);
                case COMPREHENSION -> {
                    var c = expr.comprehension();
                    visit(c.iterRange());
                    boolean overBudgets = c.iterRange().getKind() == CelExpr.ExprKind.Kind.IDENT
                            && c.iterRange().ident().name().equals(ContextSchema.BUDGETS);
                    if (overBudgets) {
                        budgetIterVars.put(c.iterVar(), "budgets[*]");
                    }
                    visit(c.loopCondition());
                    visit(c.loopStep());
                    visit(c.result());
                    if (overBudgets) {
                        budgetIterVars.remove(c.iterVar());
                    }
                }
                default -> {
                }
            }
        }

        private void call(CelExpr expr) {
            var call = expr.call();
            List<CelExpr> args = call.args();
            switch (call.function()) {
                case "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_" -> {
                    compare(args.get(0), args.get(1));
                    compare(args.get(1), args.get(0));
                }
                case "@in" -> {
                    String path = path(args.get(0));
                    if (path != null && args.get(1).getKind() == CelExpr.ExprKind.Kind.LIST) {
                        for (CelExpr element : args.get(1).list().elements()) {
                            compare(args.get(0), element);
                        }
                        add(path, different(args.get(1).list().elements()));
                    }
                    String map = path(args.get(1));
                    Object key = constant(args.get(0));
                    if (map != null && key instanceof String k && ContextSchemaPaths.isStringMap(map)) {
                        add(map + "['" + k + "']", "");
                    }
                }
                case "startsWith", "endsWith", "contains" -> {
                    if (call.target().isPresent() && args.size() == 1) {
                        String path = path(call.target().get());
                        Object literal = constant(args.get(0));
                        if (path != null && literal instanceof String s) {
                            add(path, call.function().equals("endsWith") ? "~" + s : s + "~");
                            add(path, "~");
                        }
                    }
                }
                default -> {
                }
            }
        }

        private void compare(CelExpr side, CelExpr other) {
            String path = path(side);
            Object literal = constant(other);
            if (path == null || literal == null) {
                return;
            }
            switch (literal) {
                case Long l -> {
                    add(path, l);
                    add(path, l + 1);
                    add(path, l - 1);
                }
                case Double d -> {
                    add(path, d);
                    add(path, d + EPSILON);
                    add(path, d - EPSILON);
                }
                case String s -> {
                    add(path, s);
                    add(path, s + "~");
                }
                case Boolean b -> {
                    add(path, b);
                    add(path, !b);
                }
                default -> {
                }
            }
        }

        private Object different(List<CelExpr> elements) {
            StringBuilder other = new StringBuilder("~");
            for (CelExpr e : elements) {
                if (constant(e) instanceof String s) {
                    other.append(s);
                }
            }
            return other.toString();
        }

        private void add(String path, Object value) {
            if (ContextSchemaPaths.accepts(path, value)) {
                values.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(value);
            }
        }

        /** {@code request.model}, {@code agent.tags['env']}, {@code budgets[*].hard}; null for anything else. */
        private @Nullable String path(CelExpr expr) {
            return switch (expr.getKind()) {
                case SELECT -> {
                    CelExpr operand = expr.select().operand();
                    if (operand.getKind() == CelExpr.ExprKind.Kind.IDENT) {
                        String name = operand.ident().name();
                        String root = budgetIterVars.getOrDefault(name, name);
                        yield root.equals(ContextSchema.BUDGETS) ? null : root + "." + expr.select().field();
                    }
                    if (operand.getKind() == CelExpr.ExprKind.Kind.CALL
                            && operand.call().function().equals("_[_]")
                            && isBudgets(operand.call().args().get(0))) {
                        yield "budgets[*]." + expr.select().field();
                    }
                    yield null;
                }
                case CALL -> {
                    var call = expr.call();
                    if (!call.function().equals("_[_]")) {
                        yield null;
                    }
                    String map = path(call.args().get(0));
                    Object key = constant(call.args().get(1));
                    yield map != null && key instanceof String k ? map + "['" + k + "']" : null;
                }
                default -> null;
            };
        }

        private static boolean isBudgets(CelExpr expr) {
            return expr.getKind() == CelExpr.ExprKind.Kind.IDENT
                    && expr.ident().name().equals(ContextSchema.BUDGETS);
        }

        private static @Nullable Object constant(CelExpr expr) {
            if (expr.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
                return null;
            }
            CelConstant c = expr.constant();
            return switch (c.getKind()) {
                case INT64_VALUE -> c.int64Value();
                case UINT64_VALUE -> c.uint64Value().longValue();
                case DOUBLE_VALUE -> c.doubleValue();
                case STRING_VALUE -> c.stringValue();
                case BOOLEAN_VALUE -> c.booleanValue();
                default -> null;
            };
        }
    }

    /** What kind of value each settable path takes, from the {@link ContextSchema}. */
    private static final class ContextSchemaPaths {

        static boolean isBool(String path) {
            return kind(path) == 'b';
        }

        static boolean isStringMap(String path) {
            return path.endsWith(".tags");
        }

        static boolean accepts(String path, Object value) {
            return switch (kind(path)) {
                case 's' -> value instanceof String;
                case 'n' -> value instanceof Long || value instanceof Double;
                case 'b' -> value instanceof Boolean;
                default -> false;
            };
        }

        /** 's' string, 'n' number, 'b' bool, '?' not settable. */
        private static char kind(String path) {
            int bracket = path.indexOf("['");
            if (bracket >= 0) {
                String map = path.substring(0, bracket);
                return map.endsWith(".tags") ? 's' : map.equals("request.tokens") ? 'n' : '?';
            }
            int dot = path.lastIndexOf('.');
            if (dot < 0) {
                return '?';
            }
            String variable = path.substring(0, dot).replace("[*]", "");
            return ContextSchema.fieldType(variable, path.substring(dot + 1)).map(type -> switch (type.name()) {
                case "string" -> 's';
                case "int", "double" -> 'n';
                case "bool" -> 'b';
                default -> '?';
            }).orElse('?');
        }
    }
}
