package io.tollgate.identity;

import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;

/**
 * A team, project, agent or team role was created, changed or deleted. {@code action} is the dotted audit action
 * ({@code team.created}, {@code team.updated}, {@code team.deleted}, {@code agent.status_changed},
 * {@code agent.deleted}, {@code team_role.granted}, {@code team_role.revoked}, …).
 */
public record OrgStructureChanged(TenantId tenant, String action, String targetType, UUID target,
                                  Map<String, Change> changes) implements AuditableEvent {

    @Override
    public String targetId() {
        return target.toString();
    }
}
