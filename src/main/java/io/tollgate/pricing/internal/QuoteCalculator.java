package io.tollgate.pricing.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.Quote;
import io.tollgate.pricing.Usage;
import io.tollgate.pricing.internal.PricingSettings.UnknownModelPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The pricing rule, free of I/O: every class with a quantity gets its unit price (override, default, or the tenant's
 * fallback rate); the exact nano-USD of all classes are summed and the sum is rounded once, half-up. A model with no
 * price at all on the day is unknown: with the DENY policy the quote is UNKNOWN_MODEL, with FALLBACK it is priced at
 * the fallback rates and flagged, so reconciliation can find it.
 */
final class QuoteCalculator {

    private QuoteCalculator() {
    }

    static Quote quote(ModelKey model, LocalDate on, Usage usage, List<PriceStore.EffectivePrice> prices,
                       PricingSettings settings, @Nullable String version) {
        Map<PriceClass, PriceStore.EffectivePrice> byClass = new EnumMap<>(PriceClass.class);
        prices.forEach(price -> byClass.put(price.priceClass(), price));
        boolean known = !byClass.isEmpty();
        boolean fallback = settings.policy() == UnknownModelPolicy.FALLBACK;

        List<Quote.Line> lines = new ArrayList<>();
        List<PriceClass> unpriced = new ArrayList<>();
        Set<Quote.Flag> flags = EnumSet.noneOf(Quote.Flag.class);
        if (!known && fallback) {
            flags.add(Quote.Flag.FALLBACK_RATE);
        }
        for (PriceClass priceClass : PriceClass.values()) {
            long quantity = usage.quantity(priceClass);
            if (quantity == 0) {
                continue;
            }
            PriceStore.EffectivePrice price = byClass.get(priceClass);
            BigDecimal rate = settings.fallbackRates().get(priceClass);
            if (price != null) {
                boolean override = price.origin() == Quote.Origin.OVERRIDE;
                if (override) {
                    flags.add(Quote.Flag.OVERRIDE);
                }
                lines.add(new Quote.Line(priceClass, quantity, price.usd(), price.origin(),
                        override ? Prices.overrideId(price.overrideId()) : price.version(),
                        priceClass.exactNanos(quantity, price.usd())));
            } else if (fallback && rate != null) {
                flags.add(Quote.Flag.FALLBACK_RATE);
                lines.add(new Quote.Line(priceClass, quantity, rate, Quote.Origin.FALLBACK, null,
                        priceClass.exactNanos(quantity, rate)));
            } else {
                unpriced.add(priceClass);
            }
        }
        if ((!known && !fallback) || !unpriced.isEmpty()) {
            return new Quote(Quote.Outcome.UNKNOWN_MODEL, null, model, on, version, flags, lines, unpriced);
        }
        BigDecimal exact = lines.stream().map(Quote.Line::exactNanos).reduce(BigDecimal.ZERO, BigDecimal::add);
        Money cost;
        try {
            cost = Money.roundHalfUp(exact);
        } catch (ArithmeticException e) {
            throw new InvalidInputException("usage", "The cost of this usage line is too large to record.");
        }
        return new Quote(Quote.Outcome.PRICED, cost, model, on, version, flags, lines, List.of());
    }
}
