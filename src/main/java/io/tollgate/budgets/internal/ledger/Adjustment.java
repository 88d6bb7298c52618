package io.tollgate.budgets.internal.ledger;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A refund, credit or correction made by a person with a reason. {@code delta} is what it changes spend by, in
 * nano-USD: refunds and credits are negative, a correction either sign. It names a usage line or a budget, never both.
 */
public record Adjustment(UUID id, Kind kind, long delta, String reason, @Nullable UUID usageLine, @Nullable UUID budget,
                         @Nullable UUID dispute, String createdBy, Instant createdAt) {

    public enum Kind { REFUND, CREDIT, CORRECTION }
}
