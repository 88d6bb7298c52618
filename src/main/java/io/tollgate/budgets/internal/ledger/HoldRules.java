package io.tollgate.budgets.internal.ledger;

import java.util.ArrayList;
import java.util.List;

import io.tollgate.platform.Money;
import io.tollgate.platform.PrefixedId;

/**
 * Whether a hold of {@code amount} fits every window of the chain: each budget's per-request maximum, and each hard
 * window's limit beside what it already holds and has spent (overruns included). Every failing budget is named.
 */
final class HoldRules {

    private HoldRules() {
    }

    static List<Reservation.Reason> refusals(List<LockedWindow> windows, long amount) {
        List<Reservation.Reason> reasons = new ArrayList<>();
        for (LockedWindow w : windows) {
            String budgetId = PrefixedId.format("bud", w.key().budget());
            if (w.perRequestMax() != null && amount > w.perRequestMax().nanos()) {
                reasons.add(new Reservation.Reason("per_request_max_exceeded", budgetId, "%s budget \"%s\" allows %s USD per request; this needs %s USD."
                        .formatted(scope(w), w.budgetName(), w.perRequestMax().toUsdString(), usd(amount))));
            }
            if (w.hard() && amount > w.remaining()) {
                reasons.add(new Reservation.Reason("budget_exceeded", budgetId, "%s budget \"%s\" has %s USD left; this needs %s USD."
                        .formatted(scope(w), w.budgetName(), usd(Math.max(0, w.remaining())), usd(amount))));
            }
        }
        return reasons;
    }

    /** The hard windows without room for {@code amount}: where expiring due holds could make room. */
    static List<WindowKey> full(List<LockedWindow> windows, long amount) {
        return windows.stream().filter(w -> w.hard() && amount > w.remaining()).map(LockedWindow::key).toList();
    }

    private static String scope(LockedWindow w) {
        String type = w.scopeType().toLowerCase(java.util.Locale.ROOT);
        String period = w.period().name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(type.charAt(0)) + type.substring(1) + " " + period;
    }

    private static String usd(long nanos) {
        return new Money(nanos).toUsdString();
    }
}
