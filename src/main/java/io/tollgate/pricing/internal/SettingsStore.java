package io.tollgate.pricing.internal;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import io.tollgate.platform.TenantId;
import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.internal.PricingSettings.UnknownModelPolicy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The bound tenant's pricing settings row and its fallback rates. */
@Repository
class SettingsStore {

    private final JdbcTemplate jdbc;

    SettingsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PricingSettings> load(boolean forUpdate) {
        record Row(UnknownModelPolicy policy, long version) {
        }
        return jdbc.query("SELECT unknown_model_policy, version FROM pricing_settings"
                        + (forUpdate ? " FOR UPDATE" : ""),
                (rs, n) -> new Row(UnknownModelPolicy.valueOf(rs.getString(1)), rs.getLong(2))).stream().findFirst()
                .map(row -> new PricingSettings(row.policy(), rates(), row.version()));
    }

    /** Creates the row at version 1; false when a concurrent writer created it first. */
    boolean insert(TenantId tenant, UnknownModelPolicy policy) {
        return jdbc.update("INSERT INTO pricing_settings (tenant_id, unknown_model_policy) VALUES (?, ?)"
                + " ON CONFLICT (tenant_id) DO NOTHING", tenant.value(), policy.name()) == 1;
    }

    void update(UnknownModelPolicy policy) {
        jdbc.update("UPDATE pricing_settings SET unknown_model_policy = ?, version = version + 1, updated_at = now()",
                policy.name());
    }

    void replaceRates(TenantId tenant, Map<PriceClass, BigDecimal> rates) {
        jdbc.update("DELETE FROM pricing_fallback_rates");
        rates.forEach((priceClass, usd) -> jdbc.update("INSERT INTO pricing_fallback_rates (tenant_id, price_class,"
                + " usd) VALUES (?, ?, ?)", tenant.value(), priceClass.apiName(), usd));
    }

    private Map<PriceClass, BigDecimal> rates() {
        Map<PriceClass, BigDecimal> rates = new EnumMap<>(PriceClass.class);
        jdbc.query("SELECT price_class, usd FROM pricing_fallback_rates", rs -> {
            PriceClass priceClass = PriceClass.fromApiName(rs.getString(1)).orElseThrow();
            rates.put(priceClass, rs.getBigDecimal(2));
        });
        return rates;
    }
}
