package io.tollgate.pricing.internal;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import io.tollgate.pricing.PriceClass;

/**
 * What a tenant does with usage the price book cannot price: {@code DENY} it, or price it at {@code fallbackRates}
 * (USD per pricing unit, per class) and flag the quote. A tenant that never chose has {@code DENY} at version 0.
 */
public record PricingSettings(UnknownModelPolicy policy, Map<PriceClass, BigDecimal> fallbackRates, long version) {

    public enum UnknownModelPolicy { DENY, FALLBACK }

    public static final PricingSettings INITIAL = new PricingSettings(UnknownModelPolicy.DENY, Map.of(), 0);

    public PricingSettings {
        Map<PriceClass, BigDecimal> copy = new EnumMap<>(PriceClass.class);
        copy.putAll(fallbackRates);
        fallbackRates = Collections.unmodifiableMap(copy);
    }
}
