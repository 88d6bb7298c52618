package io.tollgate.budgets.internal.ledger;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * One budget's window, with the budget's place in the agent's chain. {@link #LOCK_ORDER} is the one order every
 * transaction locks windows in — agent, project, team, org, then by budget id and window start — so two
 * transactions never wait for each other in a cycle. Budget ids compare as PostgreSQL compares uuids (unsigned,
 * byte by byte), so a statement that locks in {@code ORDER BY} {@link #LOCK_ORDER_SQL} takes the same order.
 */
record WindowKey(UUID budget, Instant start, int chainRank) {

    private static final Comparator<UUID> AS_POSTGRESQL = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    static final Comparator<WindowKey> LOCK_ORDER = Comparator.comparingInt(WindowKey::chainRank)
            .thenComparing(WindowKey::budget, AS_POSTGRESQL).thenComparing(WindowKey::start);

    /** {@link #LOCK_ORDER} over {@code budgets b} joined to {@code budget_windows w}. */
    static final String LOCK_ORDER_SQL = "CASE b.scope_type WHEN 'AGENT' THEN 0 WHEN 'PROJECT' THEN 1"
            + " WHEN 'TEAM' THEN 2 ELSE 3 END, w.budget_id, w.starts_at";

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
