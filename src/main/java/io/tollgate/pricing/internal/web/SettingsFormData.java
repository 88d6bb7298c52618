package io.tollgate.pricing.internal.web;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.internal.Prices;
import io.tollgate.pricing.internal.PricingSettings;
import org.jspecify.annotations.Nullable;

/** The unknown-model settings form: the policy, one fallback rate per class (blank: none) and the version read. */
public class SettingsFormData {

    private String policy = "DENY";
    private long version;
    private Map<String, String> rates = new LinkedHashMap<>();

    public SettingsFormData() {
        for (PriceClass priceClass : PriceClass.values()) {
            rates.put(priceClass.apiName(), "");
        }
    }

    static SettingsFormData of(PricingSettings settings) {
        SettingsFormData form = new SettingsFormData();
        form.policy = settings.policy().name();
        form.version = settings.version();
        settings.fallbackRates().forEach((c, usd) -> form.rates.put(c.apiName(), Prices.plain(usd)));
        return form;
    }

    public String getPolicy() { return policy; }
    public void setPolicy(@Nullable String value) { policy = value == null ? "" : value.strip().toUpperCase(Locale.ROOT); }
    public long getVersion() { return version; }
    public void setVersion(long version) { this.version = version; }
    public Map<String, String> getRates() { return rates; }
    public void setRates(Map<String, String> rates) { this.rates = rates; }

    /** The rates that were filled in, converted; a bad one is reported as {@code rates[class]}. */
    Map<PriceClass, BigDecimal> convertedRates() {
        Map<PriceClass, BigDecimal> converted = new EnumMap<>(PriceClass.class);
        for (PriceClass priceClass : PriceClass.values()) {
            String value = rates.getOrDefault(priceClass.apiName(), "");
            if (value != null && !value.isBlank()) {
                converted.put(priceClass, Prices.usd("fallback_rates." + priceClass.apiName(), value.strip()));
            }
        }
        return converted;
    }
}
