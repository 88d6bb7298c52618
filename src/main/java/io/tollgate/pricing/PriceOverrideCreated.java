package io.tollgate.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** A tenant set its own price for a provider's model and price class from a date. */
public record PriceOverrideCreated(TenantId tenant, UUID overrideId, ModelKey model, PriceClass priceClass,
                                   BigDecimal usd, LocalDate effectiveFrom, String note) implements AuditableEvent {

    @Override
    public String action() {
        return "price_override.created";
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
        changes.put("provider", Change.added(model.provider()));
        changes.put("model", Change.added(model.model()));
        changes.put("price_class", Change.added(priceClass.apiName()));
        changes.put("price_usd", Change.added(usd.toPlainString()));
        changes.put("effective_from", Change.added(effectiveFrom.toString()));
        changes.put("note", Change.added(note));
        return changes;
    }
}
