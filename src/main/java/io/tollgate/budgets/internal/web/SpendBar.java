package io.tollgate.budgets.internal.web;

import java.util.List;

import io.tollgate.budgets.internal.Budget;

/**
 * The spend-vs-limit bar of a budget's current window, drawn as SVG rectangles (widths are SVG attributes, so the
 * CSP needs no inline styles): spent, then held, out of the limit. {@code level} colours it: {@code ok}, {@code warn}
 * once spending crossed a soft threshold, {@code over} at or past the limit.
 */
record SpendBar(double spentWidth, double heldX, double heldWidth, String level, String spent, String held,
                String remaining, String limit, int percent, String summary) {

    static SpendBar of(Budget.WindowUsage usage, List<Integer> thresholds) {
        long limit = Math.max(1, usage.limit().nanos());
        long spent = usage.spent().nanos();
        long held = usage.reserved().nanos();
        double spentWidth = Math.min(100, 100.0 * spent / limit);
        double heldWidth = Math.min(100 - spentWidth, 100.0 * held / limit);
        int percent = (int) Math.min(999, Math.floor(100.0 * spent / limit));
        String level = spent >= limit ? "over"
                : thresholds.stream().anyMatch(t -> 100.0 * spent / limit >= t) ? "warn" : "ok";
        long remaining = Math.max(0, usage.remaining().nanos());
        String summary = Usd.format(spent) + " spent and " + Usd.format(held) + " held of " + Usd.format(limit)
                + " (" + percent + "% spent); " + Usd.format(remaining) + " left.";
        return new SpendBar(round(spentWidth), round(spentWidth), round(heldWidth), level, Usd.format(spent),
                Usd.format(held), Usd.format(remaining), Usd.format(usage.limit()), percent, summary);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
