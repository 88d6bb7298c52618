package io.tollgate.budgets.internal.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A usage line as stored: what was used and what it cost at each stage so far. */
public record UsageLine(UUID id, @Nullable UUID reservation, UUID agent, String provider, String model,
                        Map<String, Long> usage, String stage, @Nullable Long estimated, long reported,
                        boolean noReservation, List<String> priceFlags, Instant occurredAt, Instant createdAt) {
}
