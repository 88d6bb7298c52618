package io.tollgate.budgets.internal.leases;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An agent's lease row as the database sees it now: {@code live} is decided by the database clock
 * ({@code expires_at > now()}), never by the application's.
 */
public record Lease(UUID agent, long epoch, @Nullable String holder, @Nullable Instant acquiredAt,
                    @Nullable Instant heartbeatAt, @Nullable Instant expiresAt, @Nullable Instant releasedAt,
                    boolean live) {

    public static Lease none(UUID agent) {
        return new Lease(agent, 0, null, null, null, null, null, false);
    }

    /** {@code held}, {@code expired}, {@code released}, or {@code none} when no instance ever held it. */
    public String state() {
        if (holder == null) {
            return "none";
        }
        if (releasedAt != null) {
            return "released";
        }
        return live ? "held" : "expired";
    }
}
