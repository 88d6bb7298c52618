package io.tollgate.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** A tenant's price override was deleted; from then on the default book (or an older override) applies again. */
public record PriceOverrideDeleted(TenantId tenant, UUID overrideId, ModelKey model, PriceClass priceClass,
                                   BigDecimal usd, LocalDate effectiveFrom) implements AuditableEvent {

    @Override
    public String action() {
        return "price_override.deleted";
    }

    @Override
    public String targetType() {
        return "price_override";
    }

    @Override
    public String targetId() {
        return overrideId.toString();
    }

    @Override
    public Map<String, Change> changes() {
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("provider", new Change(model.provider(), null));
        changes.put("model", new Change(model.model(), null));
        changes.put("price_class", new Change(priceClass.apiName(), null));
        changes.put("price_usd", new Change(usd.toPlainString(), null));
        changes.put("effective_from", new Change(effectiveFrom.toString(), null));
        return changes;
    }
}
