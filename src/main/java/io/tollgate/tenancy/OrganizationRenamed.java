package io.tollgate.tenancy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import org.jspecify.annotations.Nullable;

/** Organisation settings changed; before and after values, for the audit trail. */
public record OrganizationRenamed(TenantId tenant, @Nullable UserId by, String oldName, String newName,
                                  String oldTimeZone, String newTimeZone) implements AuditableEvent {

    @Override
    public String action() {
        return "organization.updated";
    }

    @Override
    public String targetType() {
        return "organization";
    }

    @Override
    public String targetId() {
        return tenant.toString();
    }

    @Override
    public Map<String, Change> changes() {
        Map<String, Change> changes = new LinkedHashMap<>();
        if (!Objects.equals(oldName, newName)) {
            changes.put("name", new Change(oldName, newName));
        }
        if (!Objects.equals(oldTimeZone, newTimeZone)) {
            changes.put("time_zone", new Change(oldTimeZone, newTimeZone));
        }
        return changes;
    }
}
