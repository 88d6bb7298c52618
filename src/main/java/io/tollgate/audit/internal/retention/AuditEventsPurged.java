package io.tollgate.audit.internal.retention;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/** Aged events were archived and purged; recorded in the same chain, so the trail itself says what left it. */
record AuditEventsPurged(TenantId tenant, long fromSeq, long toSeq, long purged, String manifestSha256,
                         String location) implements AuditableEvent {

    @Override
    public String action() {
        return "audit.events.purged";
    }

    @Override
    public String targetType() {
        return "audit_archive";
    }

    @Override
    public String targetId() {
        return fromSeq + "-" + toSeq;
    }

    @Override
    public Map<String, Change> changes() {
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("from_seq", Change.added(fromSeq));
        changes.put("to_seq", Change.added(toSeq));
        changes.put("purged", Change.added(purged));
        changes.put("manifest_sha256", Change.added(manifestSha256));
        changes.put("location", Change.added(location));
        return changes;
    }
}
