package io.tollgate.pricing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.tollgate.platform.TenantId;

/**
 * Prices usage lines for other modules (budgets, billing). Trusted in-process callers only: no role is checked here,
 * so a reservation made with a {@code reservations:write} key can be priced. Runs in the caller's transaction when it
 * is bound to {@code tenant}, otherwise in a new transaction bound to it. A price is found per class as the tenant's
 * latest override effective on the day, else the default book's latest price effective on the day; classes without
 * either follow the tenant's unknown-model policy.
 *
 * @throws io.tollgate.platform.InvalidInputException for a malformed provider or model, or a cost that does not
 *         fit a {@code long} of nano-USD
 */
public interface PriceBook {

    Quote price(TenantId tenant, ModelKey model, LocalDate on, Usage usage);

    /** Prices on the UTC day of {@code at}; effective dates are UTC days. */
    default Quote price(TenantId tenant, ModelKey model, Instant at, Usage usage) {
        return price(tenant, model, LocalDate.ofInstant(at, ZoneOffset.UTC), usage);
    }

    default Quote price(TenantId tenant, String provider, String model, LocalDate on, Usage usage) {
        return price(tenant, ModelKey.of(provider, model), on, usage);
    }
}
