package io.tollgate.budgets.internal.ledger;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.Usage;
import org.jspecify.annotations.Nullable;

/** Usage as the API and the {@code jsonb} columns spell it: {@code {"input_tokens": 1200, …}}, zeros left out. */
final class UsageJson {

    private UsageJson() {
    }

    static Map<String, Long> toMap(Usage usage) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (PriceClass priceClass : PriceClass.values()) {
            long quantity = usage.quantity(priceClass);
            if (quantity != 0) {
                map.put(Usage.fieldOf(priceClass), quantity);
            }
        }
        return map;
    }

    static @Nullable Usage fromMap(@Nullable Map<String, ? extends Number> map) {
        if (map == null) {
            return null;
        }
        Map<PriceClass, Long> quantities = new EnumMap<>(PriceClass.class);
        for (PriceClass priceClass : PriceClass.values()) {
            Number value = map.get(Usage.fieldOf(priceClass));
            if (value != null) {
                quantities.put(priceClass, value.longValue());
            }
        }
        return Usage.of(quantities);
    }
}
