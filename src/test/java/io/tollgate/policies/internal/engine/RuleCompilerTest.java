package io.tollgate.policies.internal.engine;

import static io.tollgate.policies.internal.engine.Contexts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.internal.engine.Diagnostic.Code;
import org.junit.jupiter.api.Test;

class RuleCompilerTest {

    private final RuleCompiler compiler = new RuleCompiler();

    @Test
    void comparing_a_number_with_a_string_is_a_type_error_at_the_operator() {
        List<Diagnostic> diagnostics = compiler.check(rule("r1", "request.estimated_usd > \"5\"", PolicyEffect.DENY));

        assertThat(diagnostics).singleElement().satisfies(d -> {
            assertThat(d.ruleId()).isEqualTo("r1");
            assertThat(d.code()).isEqualTo(Code.INVALID_CONDITION);
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.column()).isEqualTo(23);
            assertThat(d.message()).contains("_>_").contains("(double, string)");
        });
    }

    @Test
    void an_unknown_field_is_reported_on_its_line_and_column() {
        List<Diagnostic> diagnostics = compiler.check(
                rule("r2", "request.model == \"gpt-4o\"\n  && agent.tagz[\"env\"] == \"dev\"", PolicyEffect.DENY));

        assertThat(diagnostics).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(2);
            assertThat(d.column()).isEqualTo(11);
            assertThat(d.message()).contains("undefined field 'tagz'");
        });
    }

    @Test
    void a_syntax_error_carries_a_position() {
        List<Diagnostic> diagnostics = compiler.check(rule("r3", "request.model == ", PolicyEffect.DENY));

        assertThat(diagnostics).isNotEmpty().allSatisfy(d -> {
            assertThat(d.code()).isEqualTo(Code.INVALID_CONDITION);
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.column()).isPositive();
        });
    }

    @Test
    void a_condition_must_be_a_bool() {
        assertThat(compiler.check(rule("r4", "request.model", PolicyEffect.DENY)))
                .singleElement().satisfies(d -> assertThat(d.message()).contains("expected type 'bool'"));
    }

    @Test
    void integers_and_doubles_compare_but_unknown_variables_do_not_exist() {
        assertThat(compiler.check(rule("r5", "request.estimated_usd > 5 && time.local_hour >= 9",
                PolicyEffect.DENY))).isEmpty();
        assertThat(compiler.check(rule("r6", "user.name == 'x'", PolicyEffect.DENY)))
                .singleElement().satisfies(d -> assertThat(d.message()).contains("undeclared reference to 'user'"));
    }

    @Test
    void a_condition_over_four_kilobytes_is_refused() {
        String big = "request.model == \"" + "x".repeat(PolicyRule.MAX_CONDITION_BYTES) + "\"";

        assertThat(compiler.check(rule("r7", big, PolicyEffect.DENY)))
                .singleElement().satisfies(d -> assertThat(d.code()).isEqualTo(Code.CONDITION_TOO_LONG));
    }

    @Test
    void nested_loops_over_tags_are_refused_by_cost_while_a_loop_over_budgets_is_fine() {
        String nested = "request.tags.exists(a, agent.tags.exists(b, project.tags.exists(c, a + b + c == 'x')))";
        assertThat(compiler.check(rule("r8", nested, PolicyEffect.DENY)))
                .singleElement().satisfies(d -> {
                    assertThat(d.code()).isEqualTo(Code.CONDITION_TOO_COSTLY);
                    assertThat(d.message()).contains("ceiling is " + CostEstimator.MAX_COST);
                });
        assertThat(compiler.check(rule("r9", "budgets.exists(b, b.hard && b.fraction_after > 0.9)",
                PolicyEffect.DENY))).isEmpty();
    }

    @Test
    void a_bundle_over_five_hundred_rules_is_refused_and_ids_are_unique() {
        List<PolicyRule> rules = new ArrayList<>();
        for (int i = 0; i <= RuleCompiler.MAX_RULES; i++) {
            rules.add(rule("r" + i, "true", PolicyEffect.MONITOR));
        }
        rules.add(rule("r0", "false", PolicyEffect.MONITOR));

        RuleCompiler.Result result = compiler.compile(1, rules);

        assertThat(result.ok()).isFalse();
        assertThat(result.bundle()).isNull();
        assertThat(result.diagnostics()).extracting(Diagnostic::code)
                .containsExactly(Code.TOO_MANY_RULES, Code.DUPLICATE_RULE_ID);
    }

    @Test
    void every_broken_rule_is_reported_not_only_the_first() {
        RuleCompiler.Result result = compiler.compile(1, List.of(
                rule("ok", "true", PolicyEffect.MONITOR),
                rule("bad1", "request.nope", PolicyEffect.DENY),
                rule("bad2", "1 +", PolicyEffect.DENY)));

        assertThat(result.diagnostics()).extracting(Diagnostic::ruleId).contains("bad1", "bad2")
                .doesNotContain("ok");
    }

    @Test
    void history_is_needed_only_when_an_enabled_rule_reads_the_history_variable() {
        assertThat(Contexts.bundle(rule("a", "request.estimated_usd > 1.0", PolicyEffect.DENY),
                rule("b", "[1, 2].exists(history, history > 1)", PolicyEffect.DENY)).referencesHistory())
                .isFalse();
        CompiledBundle reads = Contexts.bundle(rule("a", "request.estimated_usd > 1.0", PolicyEffect.DENY),
                rule("b", "!history.model_used_before", PolicyEffect.REQUIRE_APPROVAL));
        assertThat(reads.referencesHistory()).isTrue();
        assertThat(reads.rulesReferencingHistory()).containsExactly("b");
        assertThat(Contexts.bundle(Contexts.disabled(rule("b", "history.requests_last_hour > 100",
                PolicyEffect.DENY))).referencesHistory()).isFalse();
    }
}
