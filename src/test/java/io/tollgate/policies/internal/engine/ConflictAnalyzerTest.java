package io.tollgate.policies.internal.engine;

import static io.tollgate.policies.internal.engine.Contexts.bundle;
import static io.tollgate.policies.internal.engine.Contexts.request;
import static io.tollgate.policies.internal.engine.Contexts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.tollgate.policies.OnError;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyDecision.Verdict;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RuleOutcome;
import io.tollgate.policies.RuleScope;
import io.tollgate.policies.internal.engine.ConflictAnalyzer.Candidate;
import io.tollgate.policies.internal.engine.ConflictAnalyzer.Report;
import org.junit.jupiter.api.Test;

class ConflictAnalyzerTest {

    private final ConflictAnalyzer analyzer = new ConflictAnalyzer();

    @Test
    void a_deny_and_an_approval_rule_that_overlap_are_reported_with_a_witness_both_match() {
        PolicyRule frontier = rule("frontier",
                "agent.tags['env'] == 'dev' && request.model in ['o3', 'claude-opus-4']", PolicyEffect.DENY);
        PolicyRule big = rule("big", "request.estimated_usd > 5.0", PolicyEffect.REQUIRE_APPROVAL);
        CompiledBundle bundle = bundle(big, frontier);

        Report report = analyzer.analyze(bundle, List.of());

        assertThat(report.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.first().id()).isEqualTo("big");
            assertThat(conflict.second().id()).isEqualTo("frontier");
            assertThat(conflict.winner()).isEqualTo(PolicyEffect.DENY);
            assertThat(conflict.recordedLabel()).isNull();
            assertThat(conflict.message()).startsWith(
                    "rule \"rule big\" (require_approval) and rule \"rule frontier\" (deny) both match a request with ")
                    .contains("request.estimated_usd = 5.000000001", "agent.tags['env'] = \"dev\"",
                            "request.model = \"o3\"")
                    .endsWith("; deny wins");
            PolicyDecision decision = bundle.evaluate(conflict.witness());
            assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
            assertThat(decision.matchedOrFailed()).extracting(RuleOutcome::ruleId).containsExactly("big", "frontier");
        });
        assertThat(report.dead()).isEmpty();
        assertThat(report.shadowed()).isEmpty();
    }

    @Test
    void rules_that_cannot_match_the_same_request_are_not_reported() {
        CompiledBundle bundle = bundle(
                rule("cheap-monitor", "request.estimated_usd <= 5.0", PolicyEffect.MONITOR),
                rule("big", "request.estimated_usd > 5.0", PolicyEffect.REQUIRE_APPROVAL),
                rule("weekend", "time.local_weekday in ['SATURDAY', 'SUNDAY']", PolicyEffect.DENY),
                rule("weekday-o3", "!(time.local_weekday in ['SATURDAY', 'SUNDAY']) && request.model == 'o3' "
                        + "&& request.estimated_usd <= 5.0", PolicyEffect.MONITOR),
                rule("team-one", new RuleScope(RuleScope.Kind.TEAM, "team_1"), "true", PolicyEffect.DENY,
                        OnError.DENY),
                rule("team-two", new RuleScope(RuleScope.Kind.TEAM, "team_2"), "true", PolicyEffect.MONITOR,
                        OnError.DENY),
                rule("o3-team-two", "request.model == 'o3' && team.id == 'team_2'", PolicyEffect.REQUIRE_APPROVAL));

        Report report = analyzer.analyze(bundle, List.of());

        assertThat(report.conflicts()).extracting(c -> c.first().id() + "/" + c.second().id())
                .doesNotContain("cheap-monitor/big", "team-one/team-two", "weekday-o3/weekend", "big/weekday-o3",
                        "team-one/o3-team-two")
                // the weekend rule overlaps the others: any amount, any model on a Saturday
                .contains("cheap-monitor/weekend", "big/weekend");
    }

    @Test
    void a_recorded_request_is_a_witness_when_literals_do_not_reach_the_overlap() {
        CompiledBundle bundle = bundle(
                rule("double", "request.estimated_usd * 2.0 > 9.0", PolicyEffect.DENY),
                rule("gpt", "request.model == 'gpt-4o'", PolicyEffect.MONITOR));

        assertThat(analyzer.analyze(bundle, List.of(new Candidate("rsv_small", request("gpt-4o", 1))))
                .conflicts()).isEmpty();
        Report report = analyzer.analyze(bundle, List.of(new Candidate("rsv_small", request("gpt-4o", 1)),
                new Candidate("rsv_42", request("gpt-4o", 6))));

        assertThat(report.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.recordedLabel()).isEqualTo("rsv_42");
            assertThat(conflict.message()).isEqualTo(
                    "rule \"rule double\" (deny) and rule \"rule gpt\" (monitor) both match request rsv_42; deny wins");
        });
    }

    @Test
    void a_rule_no_candidate_satisfies_is_dead() {
        CompiledBundle bundle = bundle(
                rule("contradiction", "request.model == 'o3' && request.model == 'gpt-4o'", PolicyEffect.DENY),
                rule("typo", "time.local_weekday == 'SATRUDAY'", PolicyEffect.DENY),
                rule("alive", "time.local_weekday == 'SATURDAY'", PolicyEffect.DENY));

        assertThat(analyzer.analyze(bundle, List.of(new Candidate("rsv_1", request("o3", 1)))).dead())
                .extracting(PolicyRule::id).containsExactly("contradiction", "typo");
    }

    @Test
    void an_approval_rule_only_matching_where_a_deny_rule_matches_is_shadowed() {
        PolicyRule big = rule("big", "request.estimated_usd > 5.0", PolicyEffect.REQUIRE_APPROVAL);

        Report shadowed = analyzer.analyze(bundle(big,
                rule("over-one", "request.estimated_usd > 1.0", PolicyEffect.DENY)), List.of());
        Report free = analyzer.analyze(bundle(big,
                rule("o3", "request.model == 'o3'", PolicyEffect.DENY)), List.of());

        assertThat(shadowed.shadowed()).singleElement().satisfies(s -> {
            assertThat(s.rule().id()).isEqualTo("big");
            assertThat(s.denyRuleIds()).containsExactly("over-one");
            assertThat(s.message()).contains("always overridden").contains("\"over-one\"");
        });
        assertThat(free.shadowed()).isEmpty();
        assertThat(free.conflicts()).hasSize(1);
    }

    @Test
    void rules_with_the_same_effect_or_disabled_do_not_conflict() {
        CompiledBundle bundle = bundle(rule("a", "request.estimated_usd > 5.0", PolicyEffect.DENY),
                rule("b", "request.estimated_usd > 6.0", PolicyEffect.DENY),
                Contexts.disabled(rule("c", "true", PolicyEffect.MONITOR)));

        Report report = analyzer.analyze(bundle, List.of());

        assertThat(report.conflicts()).isEmpty();
        assertThat(report.dead()).isEmpty();
    }

    @Test
    void scopes_overlap_unless_they_name_different_targets_of_one_kind() {
        assertThat(ConflictAnalyzer.overlap(RuleScope.org(), new RuleScope(RuleScope.Kind.TEAM, "team_1"))).isTrue();
        assertThat(ConflictAnalyzer.overlap(new RuleScope(RuleScope.Kind.TEAM, "team_1"),
                new RuleScope(RuleScope.Kind.TEAM, "team_2"))).isFalse();
        assertThat(ConflictAnalyzer.overlap(new RuleScope(RuleScope.Kind.AGENT_TAG, "env=dev"),
                new RuleScope(RuleScope.Kind.AGENT_TAG, "env=prod"))).isFalse();
        assertThat(ConflictAnalyzer.overlap(new RuleScope(RuleScope.Kind.AGENT_TAG, "env=dev"),
                new RuleScope(RuleScope.Kind.AGENT_TAG, "tier=gold"))).isTrue();
        assertThat(ConflictAnalyzer.overlap(new RuleScope(RuleScope.Kind.AGENT, "agt_1"),
                new RuleScope(RuleScope.Kind.TEAM, "team_2"))).isTrue();
    }

    @Test
    void a_scoped_conflict_is_witnessed_inside_both_scopes() {
        CompiledBundle bundle = bundle(
                rule("dev-agents", new RuleScope(RuleScope.Kind.AGENT_TAG, "env=dev"), "request.model == 'o3'",
                        PolicyEffect.DENY, OnError.DENY),
                rule("research", new RuleScope(RuleScope.Kind.TEAM, "team_r"), "time.local_hour >= 18",
                        PolicyEffect.REQUIRE_APPROVAL, OnError.DENY));

        Report report = analyzer.analyze(bundle, List.of());

        assertThat(report.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.witness().team().id()).isEqualTo("team_r");
            assertThat(conflict.witness().agent().tags()).containsEntry("env", "dev");
            assertThat(bundle.evaluate(conflict.witness()).matchedOrFailed()).hasSize(2);
        });
    }
}
