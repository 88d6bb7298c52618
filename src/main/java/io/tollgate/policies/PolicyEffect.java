package io.tollgate.policies;

/** What a matching rule does, in precedence order: the first effect among the matches wins. */
public enum PolicyEffect {
    DENY, REQUIRE_APPROVAL, MONITOR;

    public boolean outranks(PolicyEffect other) {
        return ordinal() < other.ordinal();
    }
}
