package io.tollgate.policies;

import org.jspecify.annotations.Nullable;

/**
 * How one rule fared on one context: out of scope, not matched, matched, failed (with the error text), or not
 * evaluated because it is disabled (only in a full explanation, never in a recorded decision).
 */
public record RuleOutcome(String ruleId, String ruleName, PolicyEffect effect, Status status,
                          @Nullable String error) {

    public enum Status { OUT_OF_SCOPE, NOT_MATCHED, MATCHED, ERROR, DISABLED }
}
