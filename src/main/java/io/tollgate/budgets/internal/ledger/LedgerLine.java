package io.tollgate.budgets.internal.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * One ledger entry a reservation wrote, as the console's timeline shows it: which budget window moved, how
 * ({@code HOLD}, {@code COMMIT}, {@code OVERRUN}, {@code RELEASE}, {@code EXPIRE} …) and by how much (nano-USD).
 */
public record LedgerLine(Instant at, String kind, UUID budget, String budgetName, Instant windowStart,
                         long reserved, long committed, long overrun) {
}
