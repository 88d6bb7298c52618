package io.tollgate.pricing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** The tenant changed what happens to usage of a model the price book does not know (deny, or fallback rates). */
public record PricingSettingsChanged(TenantId tenant, Map<String, Change> changes) implements AuditableEvent {

    public PricingSettingsChanged {
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    @Override
    public String action() {
        return "pricing_settings.changed";
    }

    @Override
    public String targetType() {
        return "pricing_settings";
    }

    @Override
    public String targetId() {
        return tenant.toString();
    }
}
