package io.tollgate.pricing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;

/** A CSV or YAML document of price overrides was imported, all lines at once. */
public record PriceOverridesImported(TenantId tenant, String format, int created, int skippedDefaults)
        implements AuditableEvent {

    @Override
    public String action() {
        return "price_overrides.imported";
    }

    @Override
    public String targetType() {
        return "price_overrides";
    }

    @Override
    public @Nullable String targetId() {
        return null;
    }

    @Override
    public Map<String, Change> changes() {
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("format", Change.added(format));
        changes.put("count", Change.added(created));
        changes.put("skipped_default_rows", Change.added(skippedDefaults));
        return changes;
    }
}
