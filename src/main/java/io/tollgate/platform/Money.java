package io.tollgate.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of US dollars in nano-dollars (1 USD = 10^9), as DESIGN §5 fixes: integer arithmetic, overflow is an
 * error, stored as PostgreSQL {@code bigint}. Exact intermediate amounts are {@link BigDecimal}s of nano-dollars;
 * {@link #roundHalfUp} turns one into money, which is the single rounding a priced usage line gets. Shown as a
 * decimal only at the edge.
 */
public record Money(long nanos) implements Comparable<Money> {

    public static final long NANOS_PER_USD = 1_000_000_000L;
    public static final Money ZERO = new Money(0);

    public static Money ofNanos(long nanos) {
        return new Money(nanos);
    }

    /** Rounds an exact nano-dollar amount to whole nano-dollars, half away from zero; fails when it does not fit. */
    public static Money roundHalfUp(BigDecimal exactNanos) {
        try {
            return new Money(exactNanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new ArithmeticException("amount out of range: " + exactNanos.toPlainString() + " nano-USD");
        }
    }

    /** Parses a decimal USD amount such as {@code "250"}, {@code "12.50"} or {@code "0.000000001"}. */
    public static Money ofUsd(String decimal) {
        BigDecimal value;
        try {
            value = new BigDecimal(decimal.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Write an amount in US dollars, e.g. 250.00.");
        }
        if (value.stripTrailingZeros().scale() > 9) {
            throw new IllegalArgumentException("Use at most 9 decimals (nano-dollars).");
        }
        try {
            return new Money(value.movePointRight(9).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("The amount is too large.");
        }
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(nanos, other.nanos));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(nanos, other.nanos));
    }

    public boolean isNegative() {
        return nanos < 0;
    }

    public BigDecimal toUsd() {
        return BigDecimal.valueOf(nanos, 9);
    }

    /** At least two decimals, more only where the amount has them: {@code 12.50}, {@code 0.000125}. */
    public String toUsdString() {
        BigDecimal value = toUsd().stripTrailingZeros();
        return (value.scale() < 2 ? value.setScale(2) : value).toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(nanos, other.nanos);
    }

    @Override
    public String toString() {
        return "USD " + toUsdString();
    }
}
