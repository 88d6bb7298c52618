package io.tollgate.budgets.internal.ledger;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * One budget's window, with the budget's place in the agent's chain. {@link #LOCK_ORDER} is the one order every
 * transaction locks windows in — agent, project, team, org, then by budget id and window start — so two
 * transactions never wait for each other in a cycle.
 */
record WindowKey(UUID budget, Instant start, int chainRank) {

    static final Comparator<WindowKey> LOCK_ORDER = Comparator.comparingInt(WindowKey::chainRank)
            .thenComparing(WindowKey::budget).thenComparing(WindowKey::start);

    static int rankOf(String scopeType) {
        return switch (scopeType) {
            case "AGENT" -> 0;
            case "PROJECT" -> 1;
            case "TEAM" -> 2;
            case "ORG" -> 3;
            default -> throw new IllegalArgumentException(scopeType);
        };
    }
}
