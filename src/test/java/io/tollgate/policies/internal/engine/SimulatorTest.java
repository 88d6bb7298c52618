package io.tollgate.policies.internal.engine;

import static io.tollgate.policies.internal.engine.Contexts.USD;
import static io.tollgate.policies.internal.engine.Contexts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.DecisionContext.Party;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyDecision.Verdict;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.RuleOutcome;
import io.tollgate.policies.internal.engine.Simulator.Outcome;
import io.tollgate.policies.internal.engine.Simulator.RecordedDecision;
import io.tollgate.policies.internal.engine.Simulator.Report;
import io.tollgate.policies.internal.engine.Simulator.Transition;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o", "o3", "claude-opus-4");

    private final CompiledBundle before = Contexts.bundle(
            rule("big", "request.estimated_usd > 8.0", PolicyEffect.REQUIRE_APPROVAL),
            rule("o3", "request.model == 'o3'", PolicyEffect.DENY));

    private final CompiledBundle after = Contexts.bundle(
            rule("big", "request.estimated_usd > 5.0", PolicyEffect.REQUIRE_APPROVAL),
            rule("dev-frontier", "agent.tags['env'] == 'dev' && request.model in ['o3', 'claude-opus-4']",
                    PolicyEffect.DENY),
            rule("watch", "request.tokens['output'] > 2000", PolicyEffect.MONITOR));

    @Test
    void simulation_counts_equal_re_deciding_every_context_one_by_one() {
        List<RecordedDecision> recorded = recordedWith(before, 2_000, new Random(14));

        Report report = new Simulator().simulate(after, recorded);

        long changed = 0;
        long money = 0;
        Map<Transition, long[]> byTransition = new HashMap<>();
        Map<String, Long> matches = new HashMap<>();
        for (RecordedDecision decision : recorded) {
            PolicyDecision again = after.evaluate(decision.context());
            for (RuleOutcome outcome : after.explain(decision.context()).outcomes()) {
                if (outcome.status() == RuleOutcome.Status.MATCHED) {
                    matches.merge(outcome.ruleId(), 1L, Long::sum);
                }
            }
            Outcome now = again.verdict() == Verdict.DENY || decision.deniedByBudgets() ? Outcome.DENIED
                    : again.verdict() == Verdict.REQUIRE_APPROVAL ? Outcome.PENDING_APPROVAL : Outcome.ALLOWED;
            if (now != decision.outcome()) {
                changed++;
                money += decision.amountNanoUsd();
                long[] tally = byTransition.computeIfAbsent(new Transition(decision.outcome(), now), t -> new long[2]);
                tally[0]++;
                tally[1] += decision.amountNanoUsd();
            }
        }

        assertThat(report.decisions()).isEqualTo(recorded.size());
        assertThat(report.changed()).isEqualTo(changed).isPositive();
        assertThat(report.changedNanoUsd()).isEqualTo(money);
        assertThat(report.byTransition()).hasSameSizeAs(byTransition);
        byTransition.forEach((transition, tally) -> {
            assertThat(report.byTransition().get(transition).decisions()).as(transition.toString())
                    .isEqualTo(tally[0]);
            assertThat(report.byTransition().get(transition).nanoUsd()).as(transition.toString())
                    .isEqualTo(tally[1]);
        });
        assertThat(report.byTransition()).containsKeys(
                new Transition(Outcome.ALLOWED, Outcome.PENDING_APPROVAL),
                new Transition(Outcome.ALLOWED, Outcome.DENIED),
                new Transition(Outcome.DENIED, Outcome.ALLOWED));
        assertThat(report.matchesByRule()).containsAllEntriesOf(matches);
    }

    @Test
    void changes_are_laid_at_the_door_of_the_rule_responsible_with_a_sample_of_ids() {
        List<RecordedDecision> recorded = recordedWith(before, 2_000, new Random(7));

        Report report = new Simulator().simulate(after, recorded);

        // o3 no longer denied for prod agents: the old rule "o3" is the one whose removal allowed them.
        assertThat(report.byRule().get("o3")).containsKey(new Transition(Outcome.DENIED, Outcome.ALLOWED));
        assertThat(report.byRule().get("dev-frontier")).containsKey(new Transition(Outcome.ALLOWED, Outcome.DENIED));
        var tally = report.byRule().get("big").get(new Transition(Outcome.ALLOWED, Outcome.PENDING_APPROVAL));
        assertThat(tally.sampleIds()).hasSize(Simulator.SAMPLE_SIZE).allSatisfy(id -> {
            RecordedDecision decision = recorded.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
            assertThat(decision.context().request().estimatedNanoUsd()).isBetween(5 * USD + 1, 8 * USD);
        });
    }

    @Test
    void a_decision_denied_by_budgets_stays_denied_whatever_the_rules_say() {
        DecisionContext context = Contexts.request("gpt-4o", 1);
        RecordedDecision budgetDenied = new RecordedDecision("rsv_1", context, Outcome.DENIED, true, null, USD);

        Report report = new Simulator().simulate(Contexts.bundle(rule("none", "false", PolicyEffect.DENY)),
                List.of(budgetDenied));

        assertThat(report.changed()).isZero();
        assertThat(report.byTransition()).isEmpty();
    }

    static List<RecordedDecision> recordedWith(CompiledBundle bundle, int count, Random random) {
        List<RecordedDecision> recorded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            DecisionContext context = randomContext(random);
            boolean budgetDenied = random.nextInt(20) == 0;
            PolicyDecision decision = bundle.evaluate(context);
            recorded.add(new RecordedDecision("rsv_" + i, context, Simulator.outcome(decision, budgetDenied),
                    budgetDenied, decision.decidingRuleId(), context.request().estimatedNanoUsd()));
        }
        return recorded;
    }

    static DecisionContext randomContext(Random random) {
        DecisionContext base = Contexts.request(MODELS.get(random.nextInt(MODELS.size())),
                random.nextInt(1_200) / 100.0);
        DecisionContext.Request r = base.request();
        DecisionContext.Request request = new DecisionContext.Request(r.provider(), r.model(), r.estimatedNanoUsd(),
                Map.of("input", (long) random.nextInt(8_000), "output", (long) random.nextInt(4_000)),
                Duration.ofSeconds(30 + random.nextInt(600)), Map.of());
        Party agent = new Party("agt_" + random.nextInt(50), "agent",
                Map.of("env", random.nextBoolean() ? "dev" : "prod"));
        return new DecisionContext(request, agent, base.project(), base.team(),
                base.time(), base.budgets(), base.history());
    }
}
