package io.tollgate.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A USD amount as an integer number of nano-dollars (1 USD = 10^9), stored as PostgreSQL {@code bigint} (DESIGN §5).
 * Exact intermediate amounts are {@link BigDecimal}s of nano-dollars; {@link #roundHalfUp} turns one into money,
 * which is the single rounding a priced usage line gets.
 */
public record Money(long nanos) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);
    public static final long NANOS_PER_USD = 1_000_000_000L;

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

    public Money plus(Money other) {
        return new Money(Math.addExact(nanos, other.nanos));
    }

    /** The amount in USD with all nine decimals, for display and exports only ({@code 0.000001235}). */
    public String toUsdString() {
        return BigDecimal.valueOf(nanos, 9).toPlainString();
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
