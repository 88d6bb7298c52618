package io.tollgate.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * An amount of US dollars in nano-dollars (1 USD = 10^9), as DESIGN §5 fixes: integer arithmetic, overflow is an
 * error, stored as PostgreSQL {@code bigint}. Exact intermediate amounts are {@link BigDecimal}s of nano-dollars;
 * {@link #roundHalfUp} turns one into money, which is the single rounding a priced usage line gets. Shown as a
 * decimal only at the edge.
 */
public record Money(long nanos) implements Comparable<Money> {

    public static final long NANOS_PER_USD = 1_000_000_000L;
    public static final Money ZERO = new Money(0);

    /** The only accepted spelling of an amount: ASCII digits, then optionally a point and 1–9 ASCII digits. */
    private static final Pattern USD_GRAMMAR = Pattern.compile("[0-9]{1,19}(\\.[0-9]{1,9})?");

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

    /**
     * Parses a USD amount written as the API documents it (ADR 0043): ASCII digits, optionally a point and 1 to 9
     * decimals, nothing else — {@code "250"}, {@code "12.50"}, {@code "0.000000001"}. No sign, exponent, spaces,
     * grouping, leading or trailing point, or non-ASCII digits. The message of the exception is safe to show.
     */
    public static Money ofUsd(String decimal) {
        return fromUsd(usdDecimal(decimal));
    }

    /** As {@link #ofUsd}, with an optional leading {@code -} for amounts that may be negative (corrections). */
    public static Money ofSignedUsd(String decimal) {
        boolean negative = decimal != null && decimal.startsWith("-");
        Money amount = ofUsd(negative ? decimal.substring(1) : decimal);
        return negative ? new Money(-amount.nanos) : amount;
    }

    /**
     * The exact decimal an unsigned USD amount text stands for, checked against the same grammar as {@link #ofUsd};
     * for values kept as decimals, such as unit prices.
     */
    public static BigDecimal usdDecimal(String decimal) {
        if (decimal == null || !USD_GRAMMAR.matcher(decimal).matches()) {
            throw new IllegalArgumentException(decimal != null && decimal.matches("[0-9]+\\.[0-9]{10,}")
                    ? "Use at most 9 decimals (nano-dollars)."
                    : "Write an amount in US dollars as a plain decimal number (at most 9 decimals), e.g. 250.00.");
        }
        return new BigDecimal(decimal);
    }

    private static Money fromUsd(BigDecimal value) {
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
