package io.tollgate.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import io.tollgate.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * The price of one usage line on one day. {@code PRICED}: {@code cost} is Σ quantity × unit price over the line's
 * classes, computed exactly and rounded once, half-up, to whole nano-USD. {@code UNKNOWN_MODEL}: the book has no price
 * for {@code unpriced} classes and the tenant's policy is to deny; {@code cost} is null. {@code priceBookVersion} is
 * the default book in force on that day (null before the first one); each line says where its price came from.
 */
public record Quote(Outcome outcome, @Nullable Money cost, ModelKey model, LocalDate pricedOn,
                    @Nullable String priceBookVersion, Set<Flag> flags, List<Line> lines,
                    List<PriceClass> unpriced) {

    public enum Outcome { PRICED, UNKNOWN_MODEL }

    /** Marks a quote that reconciliation should look at, or that a tenant's own price shaped. */
    public enum Flag {
        /** At least one class was priced at the tenant's fallback rate for models the book does not know. */
        FALLBACK_RATE,
        /** At least one class was priced at a tenant override. */
        OVERRIDE
    }

    /** Where a unit price came from. */
    public enum Origin { DEFAULT, OVERRIDE, FALLBACK }

    /**
     * One class of the line: its quantity, the unit price in USD per {@link PriceClass#unit()}, and the exact,
     * unrounded nano-USD. {@code reference} is the default book version or the override id ({@code prc_…}).
     */
    public record Line(PriceClass priceClass, long quantity, BigDecimal usdPerUnit, Origin origin,
                       @Nullable String reference, BigDecimal exactNanos) {
    }

    public Quote {
        flags = Set.copyOf(flags);
        lines = List.copyOf(lines);
        unpriced = List.copyOf(unpriced);
    }

    public boolean priced() {
        return outcome == Outcome.PRICED;
    }
}
