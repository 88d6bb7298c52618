package io.tollgate.pricing.internal;

import java.time.LocalDate;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceBook;
import io.tollgate.pricing.Quote;
import io.tollgate.pricing.Usage;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link PriceBook} for other modules: reads the tenant's prices and settings and applies {@link QuoteCalculator}. */
@Service
class PriceBookService implements PriceBook {

    private final PriceStore prices;
    private final SettingsStore settings;
    private final TenantTransactions transactions;
    private final TransactionTemplate readOnly;

    PriceBookService(PriceStore prices, SettingsStore settings, TenantTransactions transactions,
                     PlatformTransactionManager transactionManager) {
        this.prices = prices;
        this.settings = settings;
        this.transactions = transactions;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    @Override
    public Quote price(TenantId tenant, ModelKey model, LocalDate on, Usage usage) {
        if (TenantScope.currentTenant().filter(tenant::equals).isPresent()) {
            return readOnly.execute(status -> quote(model, on, usage));
        }
        return transactions.asTenant(tenant, () -> quote(model, on, usage));
    }

    /** Prices in the current, tenant-bound transaction. */
    Quote quote(ModelKey model, LocalDate on, Usage usage) {
        return QuoteCalculator.quote(model, on, usage, prices.effectiveFor(model, on),
                settings.load(false).orElse(PricingSettings.INITIAL), prices.versionInForce(on).orElse(null));
    }
}
