package io.tollgate.identity;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/**
 * A team, project, agent or team role was created or changed. {@code action} is the dotted audit action
 * ({@code team.created}, {@code agent.status_changed}, {@code team_role.granted}, …).
 */
public record OrgStructureChanged(TenantId tenant, String action, String targetType, UUID target,
                                  Map<String, Change> changes) implements AuditableEvent {

    @Override
    public String targetId() {
        return target.toString();
    }
}
