package io.tollgate.budgets;

import java.util.Set;

/**
 * DESIGN §5's reservation lifecycle: {@code PENDING_APPROVAL → ACTIVE → {COMMITTED | RELEASED | EXPIRED}}, or
 * {@code DENIED}. Each terminal state is reached exactly once; a reservation never leaves one.
 */
public enum ReservationState {
    PENDING_APPROVAL, ACTIVE, COMMITTED, RELEASED, EXPIRED, DENIED;

    public boolean terminal() {
        return this != PENDING_APPROVAL && this != ACTIVE;
    }

    public boolean canMoveTo(ReservationState next) {
        return switch (this) {
            case PENDING_APPROVAL -> Set.of(ACTIVE, DENIED).contains(next);
            case ACTIVE -> Set.of(COMMITTED, RELEASED, EXPIRED).contains(next);
            default -> false;
        };
    }
}
