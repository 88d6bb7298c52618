package io.tollgate.policies.internal.engine;

import static io.tollgate.policies.internal.engine.Contexts.bundle;
import static io.tollgate.policies.internal.engine.Contexts.request;
import static io.tollgate.policies.internal.engine.Contexts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.DecisionContext.Party;
import io.tollgate.policies.OnError;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyDecision.Verdict;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.RuleOutcome;
import io.tollgate.policies.RuleOutcome.Status;
import io.tollgate.policies.RuleScope;
import org.junit.jupiter.api.Test;

class CompiledBundleTest {

    private static final String EXPENSIVE = "request.estimated_usd > 5.0";

    @Test
    void a_matching_deny_rule_denies_and_names_itself() {
        PolicyDecision decision = bundle(rule("big", EXPENSIVE, PolicyEffect.DENY)).evaluate(request("gpt-4o", 6));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.decidingRuleId()).isEqualTo("big");
        assertThat(decision.bundleVersion()).isEqualTo(7);
        assertThat(decision.matchedOrFailed()).extracting(RuleOutcome::ruleId, RuleOutcome::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("big", Status.MATCHED));
    }

    @Test
    void a_rule_that_does_not_match_allows() {
        PolicyDecision decision = bundle(rule("big", EXPENSIVE, PolicyEffect.DENY)).evaluate(request("gpt-4o", 4.99));

        assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(decision.decidingRuleId()).isNull();
        assertThat(decision.matchedOrFailed()).isEmpty();
    }

    @Test
    void require_approval_carries_its_tier() {
        PolicyDecision decision = bundle(rule("big", EXPENSIVE, PolicyEffect.REQUIRE_APPROVAL))
                .evaluate(request("gpt-4o", 6));

        assertThat(decision.verdict()).isEqualTo(Verdict.REQUIRE_APPROVAL);
        assertThat(decision.approvalTier()).isEqualTo("manager");
        assertThat(decision.decidingRuleId()).isEqualTo("big");
    }

    @Test
    void monitor_records_the_match_and_allows() {
        PolicyDecision decision = bundle(rule("watch", EXPENSIVE, PolicyEffect.MONITOR))
                .evaluate(request("gpt-4o", 6));

        assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(decision.matchedOrFailed()).extracting(RuleOutcome::ruleId).containsExactly("watch");
    }

    @Test
    void deny_outranks_require_approval_which_outranks_monitor_whatever_the_order() {
        CompiledBundle bundle = bundle(
                rule("watch", "true", PolicyEffect.MONITOR),
                rule("ask", EXPENSIVE, PolicyEffect.REQUIRE_APPROVAL),
                rule("no-frontier", "request.model == 'o3'", PolicyEffect.DENY));

        assertThat(bundle.evaluate(request("o3", 6)).decidingRuleId()).isEqualTo("no-frontier");
        assertThat(bundle.evaluate(request("o3", 6)).verdict()).isEqualTo(Verdict.DENY);
        assertThat(bundle.evaluate(request("gpt-4o", 6)).decidingRuleId()).isEqualTo("ask");
        assertThat(bundle.evaluate(request("gpt-4o", 1)).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(bundle.evaluate(request("o3", 6)).matchedOrFailed()).extracting(RuleOutcome::ruleId)
                .containsExactly("watch", "ask", "no-frontier");
    }

    @Test
    void between_rules_of_the_same_effect_the_first_in_bundle_order_decides() {
        CompiledBundle bundle = bundle(rule("first", "true", PolicyEffect.DENY),
                rule("second", "true", PolicyEffect.DENY));

        assertThat(bundle.evaluate(request("gpt-4o", 1)).decidingRuleId()).isEqualTo("first");
    }

    @Test
    void a_runtime_error_denies_by_default_and_is_recorded_as_a_policy_error() {
        CompiledBundle bundle = bundle(rule("tagged", "request.tags['ticket'] == 'none'", PolicyEffect.MONITOR));

        PolicyDecision decision = bundle.evaluate(request("gpt-4o", 1));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.decidingRuleId()).isEqualTo("tagged");
        assertThat(decision.matchedOrFailed()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.ERROR);
            assertThat(o.error()).startsWith(CompiledBundle.POLICY_ERROR).contains("ticket");
        });
    }

    @Test
    void a_runtime_error_in_a_skip_rule_is_recorded_and_ignored() {
        CompiledBundle bundle = bundle(
                rule("tagged", RuleScope.org(), "request.tags['ticket'] == 'none'", PolicyEffect.DENY,
                        OnError.SKIP),
                rule("ask", EXPENSIVE, PolicyEffect.REQUIRE_APPROVAL));

        PolicyDecision decision = bundle.evaluate(request("gpt-4o", 6));

        assertThat(decision.verdict()).isEqualTo(Verdict.REQUIRE_APPROVAL);
        assertThat(decision.decidingRuleId()).isEqualTo("ask");
        assertThat(decision.matchedOrFailed()).extracting(RuleOutcome::ruleId, RuleOutcome::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tagged", Status.ERROR),
                        org.assertj.core.groups.Tuple.tuple("ask", Status.MATCHED));
    }

    @Test
    void history_read_without_history_loaded_is_a_runtime_error() {
        CompiledBundle bundle = bundle(rule("first-use", "!history.model_used_before", PolicyEffect.REQUIRE_APPROVAL));
        DecisionContext loaded = request("gpt-4o", 1);
        DecisionContext notLoaded = new DecisionContext(loaded.request(), loaded.agent(), loaded.project(),
                loaded.team(), loaded.time(), loaded.budgets(), null);

        assertThat(bundle.evaluate(loaded).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(bundle.evaluate(Contexts.withHistory(loaded,
                new DecisionContext.History(0, 0, 0, false))).verdict()).isEqualTo(Verdict.REQUIRE_APPROVAL);
        assertThat(bundle.evaluate(notLoaded).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void scope_decides_which_requests_a_rule_sees() {
        CompiledBundle bundle = bundle(
                rule("team", new RuleScope(RuleScope.Kind.TEAM, "team_9"), "true", PolicyEffect.DENY, OnError.DENY),
                rule("dev-agents", new RuleScope(RuleScope.Kind.AGENT_TAG, "env=dev"), "true",
                        PolicyEffect.REQUIRE_APPROVAL, OnError.DENY),
                rule("pilot-projects", new RuleScope(RuleScope.Kind.PROJECT_TAG, "stage=pilot"), "true",
                        PolicyEffect.MONITOR, OnError.DENY),
                rule("one-agent", new RuleScope(RuleScope.Kind.AGENT, "agt_1"), "true",
                        PolicyEffect.MONITOR, OnError.DENY));
        DecisionContext plain = request("gpt-4o", 1);

        assertThat(bundle.explain(plain).outcomes()).extracting(RuleOutcome::ruleId, RuleOutcome::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("team", Status.OUT_OF_SCOPE),
                        org.assertj.core.groups.Tuple.tuple("dev-agents", Status.OUT_OF_SCOPE),
                        org.assertj.core.groups.Tuple.tuple("pilot-projects", Status.OUT_OF_SCOPE),
                        org.assertj.core.groups.Tuple.tuple("one-agent", Status.MATCHED));
        DecisionContext devAgent = Contexts.withAgent(plain, new Party("agt_2", "dev bot", Map.of("env", "dev")));
        assertThat(bundle.evaluate(devAgent).decidingRuleId()).isEqualTo("dev-agents");
        DecisionContext pilot = Contexts.withProject(plain, new Party("prj_2", "p", Map.of("stage", "pilot")));
        assertThat(bundle.evaluate(pilot).matchedOrFailed()).extracting(RuleOutcome::ruleId)
                .containsExactly("pilot-projects", "one-agent");
        DecisionContext team9 = Contexts.withTeam(plain, new Party("team_9", "Nine", Map.of()));
        assertThat(bundle.evaluate(team9).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void a_disabled_rule_is_skipped_and_shown_as_disabled() {
        CompiledBundle bundle = bundle(Contexts.disabled(rule("off", "true", PolicyEffect.DENY)),
                rule("on", "false", PolicyEffect.DENY));

        CompiledBundle.Evaluation evaluation = bundle.explain(request("gpt-4o", 1));

        assertThat(evaluation.decision().verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(evaluation.outcomes()).extracting(RuleOutcome::status)
                .containsExactly(Status.DISABLED, Status.NOT_MATCHED);
    }

    @Test
    void every_context_field_is_readable_with_its_documented_meaning() {
        DecisionContext context = Contexts.withRequestTags(request("gpt-4o", 2.5), Map.of("purpose", "eval"));
        String condition = String.join(" && ",
                "request.provider == 'openai'", "request.model == 'gpt-4o'", "request.estimated_usd == 2.5",
                "request.estimated_nano_usd == 2500000000", "request.tokens['input'] == 1000",
                "request.ttl_seconds == 300", "request.tags['purpose'] == 'eval'",
                "agent.id == 'agt_1'", "agent.name == 'crawler'", "agent.tags['env'] == 'prod'",
                "project.id == 'prj_1'", "team.name == 'Research'", "!('env' in team.tags)",
                "time.utc == timestamp('2026-12-09T13:30:00Z')", "time.utc.getHours('Europe/Paris') == 14",
                "time.local_hour == 14",
                "time.local_weekday == 'WEDNESDAY'", "time.local_date == '2026-12-09'",
                "size(budgets) == 1", "budgets[0].scope == 'org'", "budgets[0].scope_id == 'org_1'",
                "budgets[0].period == 'month'", "budgets[0].hard", "budgets[0].limit_usd == 1000.0",
                "budgets[0].remaining_usd == 900.0", "budgets[0].fraction_used == 0.1",
                "budgets[0].fraction_after == 0.1025",
                "history.agent_spent_today_usd == 2.0", "history.agent_spent_period_usd == 40.0",
                "history.requests_last_hour == 12", "history.model_used_before");

        CompiledBundle.Evaluation evaluation = bundle(rule("all", condition, PolicyEffect.DENY)).explain(context);

        assertThat(evaluation.outcomes()).singleElement()
                .satisfies(o -> assertThat(o.status()).as(o.toString()).isEqualTo(Status.MATCHED));
    }

    @Test
    void a_guarded_missing_key_is_no_error_in_either_order_but_a_guard_on_another_key_is() {
        CompiledBundle bundle = bundle(
                rule("guard-first", "'nope' in agent.tags && agent.tags['nope'] == 'x'", PolicyEffect.DENY),
                rule("guard-last", "agent.tags['nope'] == 'x' && 'nope' in agent.tags", PolicyEffect.DENY),
                rule("wrong-guard", "'env' in agent.tags && agent.tags['nope'] == 'x'", PolicyEffect.DENY));

        assertThat(bundle.explain(request("gpt-4o", 1)).outcomes()).extracting(RuleOutcome::status)
                .containsExactly(Status.NOT_MATCHED, Status.NOT_MATCHED, Status.ERROR);
    }

    @Test
    void local_time_follows_the_tenant_zone() {
        CompiledBundle weekend = bundle(rule("weekend",
                "time.local_weekday in ['SATURDAY', 'SUNDAY']", PolicyEffect.DENY));
        // Friday 23:30 UTC is already Saturday in Paris.
        DecisionContext fridayNightUtc = Contexts.withTime(request("gpt-4o", 1),
                Instant.parse("2026-12-11T23:30:00Z"));

        assertThat(weekend.evaluate(fridayNightUtc).verdict()).isEqualTo(Verdict.DENY);
        assertThat(weekend.evaluate(request("gpt-4o", 1)).verdict()).isEqualTo(Verdict.ALLOW);
    }
}
