package io.tollgate.policies;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One rule as written: a boolean CEL {@code condition} over the {@link DecisionContext}, applied to the requests its
 * {@code scope} covers. {@code approvalTier} is set exactly when the effect is {@code REQUIRE_APPROVAL}.
 */
public record PolicyRule(String id, String name, String description, RuleScope scope, String condition,
                         PolicyEffect effect, @Nullable String approvalTier, OnError onError, boolean enabled) {

    public static final int MAX_CONDITION_BYTES = 4096;

    public PolicyRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(onError, "onError");
        if ((effect == PolicyEffect.REQUIRE_APPROVAL) != (approvalTier != null)) {
            throw new IllegalArgumentException("an approval tier goes with require_approval and only with it");
        }
    }
}
