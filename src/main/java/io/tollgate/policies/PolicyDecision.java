package io.tollgate.policies;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The policies' answer for one request: the bundle version that decided ({@code 0} when the tenant never
 * published), the verdict after precedence, the approval tier when the verdict is {@code REQUIRE_APPROVAL}, and
 * every rule that matched or failed (recorded on the reservation, so a decision can be explained and replayed).
 */
public record PolicyDecision(long bundleVersion, Verdict verdict, @Nullable String approvalTier,
                             @Nullable String decidingRuleId, List<RuleOutcome> matchedOrFailed) {

    public enum Verdict { ALLOW, DENY, REQUIRE_APPROVAL }

    public static PolicyDecision noPolicies() {
        return new PolicyDecision(0, Verdict.ALLOW, null, null, List.of());
    }
}
