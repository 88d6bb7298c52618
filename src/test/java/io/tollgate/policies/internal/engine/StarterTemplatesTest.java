package io.tollgate.policies.internal.engine;

import static io.tollgate.policies.internal.engine.Contexts.USD;
import static io.tollgate.policies.internal.engine.Contexts.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.DecisionContext.History;
import io.tollgate.policies.DecisionContext.Party;
import io.tollgate.policies.OnError;
import io.tollgate.policies.PolicyDecision.Verdict;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RuleScope;
import io.tollgate.policies.internal.engine.StarterTemplates.StarterTemplate;
import org.junit.jupiter.api.Test;

class StarterTemplatesTest {

    @Test
    void there_are_eight_templates_and_every_one_compiles() {
        assertThat(StarterTemplates.all()).hasSize(8);
        assertThat(StarterTemplates.all()).extracting(StarterTemplate::key).doesNotHaveDuplicates();
        for (StarterTemplate template : StarterTemplates.all()) {
            assertThat(new RuleCompiler().check(asRule(template))).as(template.key()).isEmpty();
        }
    }

    @Test
    void each_template_does_what_its_title_says() {
        DecisionContext plain = request("gpt-4o", 1); // Wednesday 14:30 local, prod agent, $2 today
        DecisionContext devFrontier = Contexts.withAgent(request("o3", 1), new Party("agt_9", "dev", Map.of("env", "dev")));
        DecisionContext untagged = Contexts.withAgent(request("o3", 1), new Party("agt_8", "x", Map.of()));
        DecisionContext saturday = Contexts.withTime(plain, Instant.parse("2026-12-12T10:00:00Z"));
        DecisionContext night = Contexts.withTime(plain, Instant.parse("2026-12-09T21:00:00Z"));

        assertMatches("dev-no-frontier", devFrontier, plain);
        assertMatches("dev-no-frontier", devFrontier, untagged);
        assertMatches("big-request-approval", request("gpt-4o", 5.01), request("gpt-4o", 5));
        assertMatches("research-no-weekends", saturday, plain);
        assertMatches("first-model-use-approval", Contexts.withHistory(plain, new History(0, 0, 0, false)), plain);
        assertMatches("runaway-agent", Contexts.withHistory(plain, new History(0, 0, 501, true)), plain);
        assertMatches("out-of-hours-approval", night, plain);
        assertMatches("agent-daily-cap", Contexts.withHistory(request("gpt-4o", 3), new History(48 * USD, 0, 1, true)),
                plain);
        assertMatches("hard-budget-90-percent", Contexts.withHistory(request("gpt-4o", 850), plain.history()), plain);
    }

    private static void assertMatches(String key, DecisionContext matching, DecisionContext notMatching) {
        StarterTemplate template = StarterTemplates.all().stream().filter(t -> t.key().equals(key)).findFirst()
                .orElseThrow();
        CompiledBundle bundle = new RuleCompiler().compile(1, List.of(asRule(template))).orThrow();
        Verdict verdict = switch (template.effect()) {
            case DENY -> Verdict.DENY;
            case REQUIRE_APPROVAL -> Verdict.REQUIRE_APPROVAL;
            case MONITOR -> Verdict.ALLOW;
        };
        assertThat(bundle.evaluate(matching).verdict()).as(key + " on its example").isEqualTo(verdict);
        assertThat(bundle.evaluate(matching).matchedOrFailed()).as(key).singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(io.tollgate.policies.RuleOutcome.Status.MATCHED));
        assertThat(bundle.evaluate(notMatching).matchedOrFailed()).as(key + " elsewhere").isEmpty();
    }

    private static PolicyRule asRule(StarterTemplate template) {
        return new PolicyRule(template.key(), template.title(), template.description(), RuleScope.org(),
                template.condition(), template.effect(), template.approvalTier(), OnError.DENY, true);
    }
}
