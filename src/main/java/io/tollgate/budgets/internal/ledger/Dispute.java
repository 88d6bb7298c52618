package io.tollgate.budgets.internal.ledger;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Someone questions a usage line; it stays OPEN until resolved with an outcome (and, if upheld, maybe a refund). */
public record Dispute(UUID id, UUID usageLine, State state, String reason, String openedBy, Instant openedAt,
                      @Nullable Outcome outcome, @Nullable String resolution, @Nullable String resolvedBy,
                      @Nullable Instant resolvedAt, @Nullable UUID adjustment) {

    public enum State { OPEN, RESOLVED }

    public enum Outcome { UPHELD, REJECTED }
}
