package io.tollgate.policies.internal.engine;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelComprehension;

/**
 * A static worst-case cost of a checked condition, in abstract steps (cel-java has no cost estimator of its own).
 * Every node costs 1; {@code matches} costs {@value #REGEX_COST}; a comprehension ({@code all}, {@code exists},
 * {@code map}, {@code filter} …) costs its body times the largest size its range can have. Sizes come from the
 * context's documented bounds: a budget chain has at most {@value #MAX_BUDGET_WINDOWS} windows, a tag or token map
 * at most {@value #MAX_MAP_ENTRIES} entries; a literal list has its own size. Nested comprehensions multiply, which
 * is what the ceiling {@value #MAX_COST} is there to stop.
 */
final class CostEstimator {

    static final long MAX_COST = 10_000;
    static final int MAX_BUDGET_WINDOWS = 16;
    static final int MAX_MAP_ENTRIES = 64;
    static final long REGEX_COST = 50;
    static final long STRING_SEARCH_COST = 5;

    /** Where costs stop growing, far above the ceiling, so that sums of capped costs cannot overflow. */
    private static final long SATURATED = 1L << 40;

    static long estimate(CelExpr expr) {
        return new CostEstimator().cost(expr);
    }

    private long cost(CelExpr expr) {
        return switch (expr.getKind()) {
            case CONSTANT, IDENT, NOT_SET -> 1;
            case SELECT -> 1 + cost(expr.select().operand());
            case CALL -> {
                var call = expr.call();
                long total = 1 + functionCost(call.function());
                if (call.target().isPresent()) {
                    total += cost(call.target().get());
                }
                for (CelExpr arg : call.args()) {
                    total += cost(arg);
                }
                yield total;
            }
            case LIST -> 1 + expr.list().elements().stream().mapToLong(this::cost).sum();
            case MAP -> 1 + expr.map().entries().stream()
                    .mapToLong(e -> cost(e.key()) + cost(e.value())).sum();
            case STRUCT -> 1 + expr.struct().entries().stream().mapToLong(e -> cost(e.value())).sum();
            case COMPREHENSION -> comprehension(expr.comprehension());
        };
    }

    private long comprehension(CelComprehension c) {
        long size = size(c.iterRange());
        long body = cost(c.loopCondition()) + cost(c.loopStep());
        long loop = size == 0 ? 0 : (body >= SATURATED / size ? SATURATED : size * body);
        return Math.min(SATURATED, cost(c.iterRange()) + cost(c.accuInit()) + loop + cost(c.result()));
    }

    private static long functionCost(String function) {
        return switch (function) {
            case "matches" -> REGEX_COST;
            case "contains", "startsWith", "endsWith" -> STRING_SEARCH_COST;
            default -> 0;
        };
    }

    /** The largest number of elements {@code range} can have. */
    private long size(CelExpr range) {
        return switch (range.getKind()) {
            case LIST -> range.list().elements().size();
            case MAP -> range.map().entries().size();
            case COMPREHENSION -> size(range.comprehension().iterRange());
            case CALL -> range.call().function().equals("_+_")
                    ? range.call().args().stream().mapToLong(this::size).sum()
                    : MAX_MAP_ENTRIES;
            default -> isBudgets(range) ? MAX_BUDGET_WINDOWS : MAX_MAP_ENTRIES;
        };
    }

    private static boolean isBudgets(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(ContextSchema.BUDGETS);
    }
}
