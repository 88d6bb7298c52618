package io.tollgate.budgets.internal.ledger;

import java.util.List;

import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.RuleOutcome;
import org.jspecify.annotations.Nullable;

/**
 * How policies decided a reservation, as its row records it (ADR 0061): the bundle version (0: none published), the
 * verdict, the rules that matched or failed, and the context (JSON) it was decided on, for replay and simulation.
 */
record PolicyStamp(long bundleVersion, PolicyDecision.Verdict verdict, @Nullable String decidingRuleId,
                   List<RuleOutcome> rules, @Nullable String contextJson) {

    static final PolicyStamp NONE = new PolicyStamp(0, PolicyDecision.Verdict.ALLOW, null, List.of(), null);

    /** "decided by bundle v7: rule Frontier models need approval matched", or null when no rule matched. */
    @Nullable String explanation() {
        List<RuleOutcome> matched = rules.stream().filter(r -> r.status() != RuleOutcome.Status.NOT_MATCHED
                && r.status() != RuleOutcome.Status.OUT_OF_SCOPE).toList();
        if (matched.isEmpty()) {
            return null;
        }
        return "decided by bundle v" + bundleVersion + ": " + String.join("; ", matched.stream()
                .map(r -> "rule " + r.ruleName() + (r.status() == RuleOutcome.Status.ERROR ? " failed (" + r.error()
                        + ")" : " matched") + " (" + r.effect().name().toLowerCase(java.util.Locale.ROOT) + ")")
                .toList());
    }
}
