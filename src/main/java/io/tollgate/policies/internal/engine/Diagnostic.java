package io.tollgate.policies.internal.engine;

import org.jspecify.annotations.Nullable;

/**
 * One reason a bundle does not compile: the rule ({@code null} for the bundle as a whole), the position in its
 * condition (1-based line and column; 0 when the problem has no position) and a stable code with a message.
 */
public record Diagnostic(@Nullable String ruleId, int line, int column, Code code, String message) {

    public enum Code {
        /** The condition does not parse or does not type-check (unknown field, wrong operand types, not a bool). */
        INVALID_CONDITION,
        /** The condition is longer than {@link io.tollgate.policies.PolicyRule#MAX_CONDITION_BYTES}. */
        CONDITION_TOO_LONG,
        /** The condition's estimated cost is above {@link CostEstimator#MAX_COST}. */
        CONDITION_TOO_COSTLY,
        /** Two rules share an id. */
        DUPLICATE_RULE_ID,
        /** The bundle has more than {@link RuleCompiler#MAX_RULES} rules. */
        TOO_MANY_RULES
    }

    @Override
    public String toString() {
        return (ruleId == null ? "bundle" : ruleId) + (line > 0 ? ":" + line + ":" + column : "") + " " + code
                + ": " + message;
    }
}
