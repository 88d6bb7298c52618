package io.tollgate.budgets.internal.leases;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Whether an agent's reservations need a live lease, and the TTL a lease gets when the agent names none. */
public record LeasePolicy(UUID agent, boolean leasesRequired, int defaultTtlSeconds, long version,
                          @Nullable String updatedBy, @Nullable Instant updatedAt) {

    public static final int DEFAULT_TTL_SECONDS = 30;
    public static final int MIN_TTL_SECONDS = 5;
    public static final int MAX_TTL_SECONDS = 300;

    /** An agent nobody configured: leases optional, version 0 (its ETag is {@code "v0"}). */
    public static LeasePolicy defaults(UUID agent) {
        return new LeasePolicy(agent, false, DEFAULT_TTL_SECONDS, 0, null, null);
    }
}
