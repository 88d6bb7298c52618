package io.tollgate.policies.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.DecisionContext.BudgetWindow;
import io.tollgate.policies.DecisionContext.History;
import io.tollgate.policies.DecisionContext.Party;
import io.tollgate.policies.DecisionContext.Request;
import io.tollgate.policies.DecisionContext.Time;
import io.tollgate.policies.OnError;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RuleScope;

/** Decision contexts and rules for engine tests, built from a plain weekday request that most rules leave alone. */
final class Contexts {

    static final long USD = 1_000_000_000L;
    /** Wednesday 2026-12-09, 14:30 in Paris. */
    static final Instant WEDNESDAY_AFTERNOON = Instant.parse("2026-12-09T13:30:00Z");

    private Contexts() {
    }

    static DecisionContext request(String model, double usd) {
        return new DecisionContext(
                new Request("openai", model, Math.round(usd * USD), Map.of("input", 1000L, "output", 500L),
                        Duration.ofMinutes(5), Map.of()),
                new Party("agt_1", "crawler", Map.of("env", "prod")),
                new Party("prj_1", "search", Map.of()),
                new Party("team_1", "Research", Map.of()),
                new Time(WEDNESDAY_AFTERNOON, ZoneId.of("Europe/Paris")),
                List.of(new BudgetWindow("org", "org_1", "month", true, 1000 * USD, 100 * USD)),
                new History(2 * USD, 40 * USD, 12, true));
    }

    static DecisionContext withAgent(DecisionContext c, Party agent) {
        return new DecisionContext(c.request(), agent, c.project(), c.team(), c.time(), c.budgets(), c.history());
    }

    static DecisionContext withTeam(DecisionContext c, Party team) {
        return new DecisionContext(c.request(), c.agent(), c.project(), team, c.time(), c.budgets(), c.history());
    }

    static DecisionContext withProject(DecisionContext c, Party project) {
        return new DecisionContext(c.request(), c.agent(), project, c.team(), c.time(), c.budgets(), c.history());
    }

    static DecisionContext withTime(DecisionContext c, Instant utc) {
        return new DecisionContext(c.request(), c.agent(), c.project(), c.team(), new Time(utc, c.time().zone()),
                c.budgets(), c.history());
    }

    static DecisionContext withHistory(DecisionContext c, History history) {
        return new DecisionContext(c.request(), c.agent(), c.project(), c.team(), c.time(), c.budgets(), history);
    }

    static DecisionContext withRequestTags(DecisionContext c, Map<String, String> tags) {
        Request r = c.request();
        return new DecisionContext(new Request(r.provider(), r.model(), r.estimatedNanoUsd(), r.estimatedTokens(),
                r.ttl(), tags), c.agent(), c.project(), c.team(), c.time(), c.budgets(), c.history());
    }

    static PolicyRule rule(String id, String condition, PolicyEffect effect) {
        return rule(id, RuleScope.org(), condition, effect, OnError.DENY);
    }

    static PolicyRule rule(String id, RuleScope scope, String condition, PolicyEffect effect, OnError onError) {
        return new PolicyRule(id, "rule " + id, "", scope, condition, effect,
                effect == PolicyEffect.REQUIRE_APPROVAL ? "manager" : null, onError, true);
    }

    static PolicyRule disabled(PolicyRule rule) {
        return new PolicyRule(rule.id(), rule.name(), rule.description(), rule.scope(), rule.condition(),
                rule.effect(), rule.approvalTier(), rule.onError(), false);
    }

    static CompiledBundle bundle(PolicyRule... rules) {
        return new RuleCompiler().compile(7, List.of(rules)).orThrow();
    }
}
