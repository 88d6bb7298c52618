package io.tollgate.budgets.internal.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * The movements each ledger operation writes, per window. Every window of a reservation holds the same amount, so
 * a commit moves the same numbers in each; what does not fit the hold is an overrun, kept outside the hard-limit
 * CHECK because the money was spent anyway.
 */
final class Bookings {

    private Bookings() {
    }

    static List<Movement> hold(List<LockedWindow> windows, long amount) {
        return windows.stream().map(w -> Movement.hold(w.key(), amount)).toList();
    }

    static List<Movement> release(List<LockedWindow> windows, long held, Movement.Kind kind) {
        return windows.stream().map(w -> Movement.release(w.key(), held, kind)).toList();
    }

    static List<Movement> commit(List<LockedWindow> windows, long held, long cost) {
        List<Movement> movements = new ArrayList<>();
        for (LockedWindow w : windows) {
            movements.add(new Movement(w.key(), Movement.Kind.COMMIT, -held, Math.min(cost, held), 0));
            if (cost > held) {
                movements.add(new Movement(w.key(), Movement.Kind.OVERRUN, 0, 0, cost - held));
            }
        }
        return movements;
    }

    /** A commit after the hold ended: everything is overrun (the windows may be full by now). */
    static List<Movement> lateCommit(List<LockedWindow> windows, long cost) {
        return windows.stream().map(w -> new Movement(w.key(), Movement.Kind.OVERRUN, 0, 0, cost)).toList();
    }

    /** Usage without a reservation: committed as far as a hard window has room, the rest is overrun. */
    static List<Movement> usage(List<LockedWindow> windows, long cost) {
        List<Movement> movements = new ArrayList<>();
        for (LockedWindow w : windows) {
            long fits = w.hard() ? Math.min(cost, Math.max(0, w.remaining())) : cost;
            movements.add(new Movement(w.key(), Movement.Kind.USAGE, 0, fits, cost - fits));
        }
        return movements;
    }

    /**
     * A hand-made change of spend by {@code delta} in every window: more spend is committed as far as a hard window
     * has room and overrun beyond (like usage); less spend comes off the overrun first, then the committed amount.
     * Empty when some window has spent less than a reduction would take.
     */
    static java.util.Optional<List<Movement>> adjust(List<LockedWindow> windows, long delta) {
        List<Movement> movements = new ArrayList<>();
        for (LockedWindow w : windows) {
            if (delta >= 0) {
                long fits = w.hard() ? Math.min(delta, Math.max(0, w.remaining())) : delta;
                movements.add(new Movement(w.key(), Movement.Kind.ADJUSTMENT, 0, fits, delta - fits));
            } else {
                long fromOverrun = Math.min(-delta, w.overrun());
                long fromCommitted = -delta - fromOverrun;
                if (fromCommitted > w.committed()) {
                    return java.util.Optional.empty();
                }
                movements.add(new Movement(w.key(), Movement.Kind.ADJUSTMENT, 0, -fromCommitted, -fromOverrun));
            }
        }
        return java.util.Optional.of(movements);
    }

    /** Soft thresholds a window has now reached that it had not announced yet. */
    static List<Integer> newlyCrossed(LockedWindow after) {
        return after.softThresholds().stream()
                .filter(p -> !after.thresholdsEmitted().contains(p))
                .filter(p -> java.math.BigInteger.valueOf(after.spent()).multiply(java.math.BigInteger.valueOf(100))
                        .compareTo(java.math.BigInteger.valueOf(after.limit()).multiply(java.math.BigInteger.valueOf(p))) >= 0)
                .toList();
    }
}
