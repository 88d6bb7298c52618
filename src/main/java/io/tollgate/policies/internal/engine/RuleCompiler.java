package io.tollgate.policies.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.runtime.CelEvaluationException;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.internal.engine.Diagnostic.Code;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a bundle's rules: each condition parsed and type-checked against the {@link ContextSchema} (it must be a
 * bool), refused above {@link PolicyRule#MAX_CONDITION_BYTES} bytes or {@link CostEstimator#MAX_COST} estimated
 * steps, and a bundle refused above {@link #MAX_RULES} rules. Disabled rules are compiled too: a draft is valid or
 * not as a whole. Stateless and thread-safe.
 */
public final class RuleCompiler {

    public static final int MAX_RULES = 500;

    /** The compiled bundle, or every problem found (never both). */
    public record Result(@Nullable CompiledBundle bundle, List<Diagnostic> diagnostics) {

        public boolean ok() {
            return diagnostics.isEmpty();
        }

        /** The bundle; throws when there were diagnostics. */
        public CompiledBundle orThrow() {
            if (!ok()) {
                throw new IllegalStateException("the bundle does not compile: " + diagnostics);
            }
            return bundle;
        }
    }

    public Result compile(long version, List<PolicyRule> rules) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (rules.size() > MAX_RULES) {
            diagnostics.add(new Diagnostic(null, 0, 0, Code.TOO_MANY_RULES,
                    "a bundle has at most " + MAX_RULES + " rules, this one has " + rules.size()));
        }
        Set<String> ids = new HashSet<>();
        List<CompiledRule> compiled = new ArrayList<>(rules.size());
        for (PolicyRule rule : rules) {
            if (!ids.add(rule.id())) {
                diagnostics.add(new Diagnostic(rule.id(), 0, 0, Code.DUPLICATE_RULE_ID,
                        "another rule already has the id " + rule.id()));
            }
            CompiledRule one = compile(rule, diagnostics);
            if (one != null) {
                compiled.add(one);
            }
        }
        return diagnostics.isEmpty()
                ? new Result(new CompiledBundle(version, compiled), List.of())
                : new Result(null, List.copyOf(diagnostics));
    }

    /** Compiles one condition on its own, for live validation in an editor. */
    public List<Diagnostic> check(PolicyRule rule) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        compile(rule, diagnostics);
        return diagnostics;
    }

    private static @Nullable CompiledRule compile(PolicyRule rule, List<Diagnostic> diagnostics) {
        int bytes = rule.condition().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > PolicyRule.MAX_CONDITION_BYTES) {
            diagnostics.add(new Diagnostic(rule.id(), 0, 0, Code.CONDITION_TOO_LONG, "a condition has at most "
                    + PolicyRule.MAX_CONDITION_BYTES + " bytes, this one has " + bytes));
            return null;
        }
        CelValidationResult result = PolicyCel.CEL.compile(rule.condition());
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) {
                var location = issue.getSourceLocation();
                boolean positioned = location.getLine() > 0;
                diagnostics.add(new Diagnostic(rule.id(), positioned ? location.getLine() : 0,
                        positioned ? location.getColumn() + 1 : 0, Code.INVALID_CONDITION, issue.getMessage()));
            }
            return null;
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            long cost = CostEstimator.estimate(ast.getExpr());
            if (cost > CostEstimator.MAX_COST) {
                diagnostics.add(new Diagnostic(rule.id(), 1, 1, Code.CONDITION_TOO_COSTLY,
                        "the condition may take up to " + (cost >= 1L << 40 ? "unbounded" : cost)
                                + " evaluation steps, the ceiling is " + CostEstimator.MAX_COST
                                + " (nested loops over tags or budgets multiply)"));
                return null;
            }
            return new CompiledRule(rule, ast, PolicyCel.CEL.createProgram(ast), 
                    ReferencedVariables.of(ast.getExpr()).contains(ContextSchema.HISTORY), cost);
        } catch (CelValidationException | CelEvaluationException e) {
            diagnostics.add(new Diagnostic(rule.id(), 0, 0, Code.INVALID_CONDITION, e.getMessage()));
            return null;
        }
    }
}
