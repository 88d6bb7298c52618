package io.tollgate.policies;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored form of a decision: the context as JSON (snake_case, money in nano-USD, the same shape the evaluate
 * API takes) and the matched rules as {@code [{id, name, effect, status, error}]}. One codec for the writer
 * (budgets) and the readers (simulation, replay), so a stored decision always reads back as it was decided.
 */
public final class DecisionJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() { };

    private DecisionJson() {
    }

    public static String write(DecisionContext context) {
        return JSON.writeValueAsString(toMap(context));
    }

    public static DecisionContext read(String json) {
        return fromMap(JSON.readValue(json, MAP));
    }

    public static Map<String, Object> toMap(DecisionContext c) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("provider", c.request().provider());
        request.put("model", c.request().model());
        request.put("estimated_nano_usd", c.request().estimatedNanoUsd());
        request.put("estimated_tokens", c.request().estimatedTokens());
        request.put("ttl_seconds", c.request().ttl().toSeconds());
        request.put("tags", c.request().tags());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("request", request);
        map.put("agent", party(c.agent()));
        map.put("project", party(c.project()));
        map.put("team", party(c.team()));
        map.put("time", Map.of("utc", c.time().utc().toString(), "zone", c.time().zone().getId()));
        List<Map<String, Object>> budgets = new ArrayList<>();
        for (DecisionContext.BudgetWindow w : c.budgets()) {
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("scope", w.scope());
            window.put("scope_id", w.scopeId());
            window.put("period", w.period());
            window.put("hard", w.hard());
            window.put("limit_nano_usd", w.limitNanoUsd());
            window.put("used_nano_usd", w.usedNanoUsd());
            budgets.add(window);
        }
        map.put("budgets", budgets);
        if (c.history() != null) {
            DecisionContext.History h = c.history();
            map.put("history", Map.of("agent_spent_today_nano_usd", h.agentSpentTodayNanoUsd(),
                    "agent_spent_period_nano_usd", h.agentSpentPeriodNanoUsd(),
                    "requests_last_hour", h.requestsLastHour(), "model_used_before", h.modelUsedBefore()));
        }
        return map;
    }

    /** Reads a context; a missing or mistyped field is an {@link IllegalArgumentException} naming it. */
    @SuppressWarnings("unchecked")
    public static DecisionContext fromMap(Map<String, Object> map) {
        Map<String, Object> request = object(map, "request");
        Map<String, Object> time = object(map, "time");
        List<DecisionContext.BudgetWindow> budgets = new ArrayList<>();
        Object rawBudgets = map.getOrDefault("budgets", List.of());
        if (!(rawBudgets instanceof List<?> list)) {
            throw new IllegalArgumentException("budgets: a list of windows");
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> w)) {
                throw new IllegalArgumentException("budgets: a list of windows");
            }
            Map<String, Object> window = (Map<String, Object>) w;
            budgets.add(new DecisionContext.BudgetWindow(text(window, "scope"), text(window, "scope_id"),
                    text(window, "period"), Boolean.TRUE.equals(window.get("hard")),
                    number(window, "limit_nano_usd"), number(window, "used_nano_usd")));
        }
        DecisionContext.History history = null;
        if (map.get("history") instanceof Map<?, ?> h) {
            Map<String, Object> hm = (Map<String, Object>) h;
            history = new DecisionContext.History(number(hm, "agent_spent_today_nano_usd"),
                    number(hm, "agent_spent_period_nano_usd"), number(hm, "requests_last_hour"),
                    Boolean.TRUE.equals(hm.get("model_used_before")));
        }
        Map<String, Long> tokens = new LinkedHashMap<>();
        if (request.get("estimated_tokens") instanceof Map<?, ?> t) {
            t.forEach((k, v) -> {
                if (!(v instanceof Number n)) {
                    throw new IllegalArgumentException("request.estimated_tokens: counts are integers");
                }
                tokens.put(String.valueOf(k), n.longValue());
            });
        }
        try {
            return new DecisionContext(new DecisionContext.Request(text(request, "provider"), text(request, "model"),
                    number(request, "estimated_nano_usd"), tokens,
                    Duration.ofSeconds(request.get("ttl_seconds") == null ? 60 : number(request, "ttl_seconds")),
                    strings(request.get("tags"), "request.tags")),
                    fromParty(object(map, "agent"), "agent"), fromParty(object(map, "project"), "project"),
                    fromParty(object(map, "team"), "team"),
                    new DecisionContext.Time(Instant.parse(text(time, "utc")),
                            ZoneId.of(time.get("zone") == null ? "UTC" : text(time, "zone"))),
                    budgets, history);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("time: utc is an ISO-8601 instant, zone an IANA time zone");
        }
    }

    public static String writeOutcomes(List<RuleOutcome> outcomes) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RuleOutcome o : outcomes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", o.ruleId());
            m.put("name", o.ruleName());
            m.put("effect", o.effect().name());
            m.put("status", o.status().name());
            if (o.error() != null) {
                m.put("error", o.error());
            }
            list.add(m);
        }
        return JSON.writeValueAsString(list);
    }

    public static List<RuleOutcome> readOutcomes(@Nullable String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        return JSON.readValue(json, LIST).stream().map(m -> new RuleOutcome(String.valueOf(m.get("id")),
                String.valueOf(m.get("name")), PolicyEffect.valueOf(String.valueOf(m.get("effect"))),
                RuleOutcome.Status.valueOf(String.valueOf(m.get("status"))),
                m.get("error") == null ? null : String.valueOf(m.get("error")))).toList();
    }

    private static Map<String, Object> party(DecisionContext.Party p) {
        return Map.of("id", p.id(), "name", p.name(), "tags", p.tags());
    }

    private static DecisionContext.Party fromParty(Map<String, Object> map, String field) {
        return new DecisionContext.Party(text(map, "id", field), text(map, "name", field),
                strings(map.get("tags"), field + ".tags"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> map, String field) {
        if (!(map.get(field) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(field + ": an object is required");
        }
        return (Map<String, Object>) m;
    }

    private static String text(Map<String, Object> map, String field) {
        return text(map, field, null);
    }

    private static String text(Map<String, Object> map, String field, @Nullable String parent) {
        if (!(map.get(field) instanceof String s)) {
            throw new IllegalArgumentException((parent == null ? "" : parent + ".") + field + ": a string is required");
        }
        return s;
    }

    private static long number(Map<String, Object> map, String field) {
        if (!(map.get(field) instanceof Number n)) {
            throw new IllegalArgumentException(field + ": an integer is required");
        }
        return n.longValue();
    }

    private static Map<String, String> strings(@Nullable Object value, String field) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(field + ": an object of strings is required");
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }
}
