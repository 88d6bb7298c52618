package io.tollgate.budgets.internal.ledger;

import java.util.List;

import io.tollgate.budgets.BudgetPeriod;
import io.tollgate.platform.Money;
import org.jspecify.annotations.Nullable;

/** A window row as read under its lock, with what the budget says about it. */
record LockedWindow(WindowKey key, String budgetName, String scopeType, BudgetPeriod period, long limit, boolean hard,
                    long reserved, long committed, long overrun, List<Integer> softThresholds,
                    List<Integer> thresholdsEmitted, @Nullable Money perRequestMax) {

    /** Spent or held, overruns included: what a new hold must fit beside. */
    long used() {
        return reserved + committed + overrun;
    }

    long remaining() {
        return limit - used();
    }

    long spent() {
        return committed + overrun;
    }

    LockedWindow moved(Movement m) {
        return new LockedWindow(key, budgetName, scopeType, period, limit, hard, reserved + m.reserved(),
                committed + m.committed(), overrun + m.overrun(), softThresholds, thresholdsEmitted, perRequestMax);
    }
}
