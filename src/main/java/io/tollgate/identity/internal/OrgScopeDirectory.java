package io.tollgate.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.OrgScopes;
import io.tollgate.identity.ProjectId;
import io.tollgate.identity.TeamId;
import io.tollgate.platform.TenantConfigCache;
import io.tollgate.platform.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
@Transactional(readOnly = true)
class OrgScopeDirectory implements OrgScopes {

    private final JdbcTemplate jdbc;
    private final AgentDirectory agents;
    private final TeamPermissions permissions;
    /** Agent → project → team, per tenant configuration version (ADR 0054): a reserve needs it every time. */
    private final TenantConfigCache<AgentId, Optional<AgentChain>> chains = new TenantConfigCache<>(100_000);

    OrgScopeDirectory(JdbcTemplate jdbc, AgentDirectory agents, TeamPermissions permissions) {
        this.jdbc = jdbc;
        this.agents = agents;
        this.permissions = permissions;
    }

    @Override
    public List<Unit> structure() {
        return jdbc.query("""
                        SELECT 'team' AS type, 0 AS rank, t.id, t.name, t.id AS team_id FROM teams t
                        WHERE t.deleted_at IS NULL
                        UNION ALL
                        SELECT 'project', 1, p.id, p.name, p.team_id FROM projects p
                        JOIN teams t ON t.tenant_id = p.tenant_id AND t.id = p.team_id AND t.deleted_at IS NULL
                        WHERE p.deleted_at IS NULL
                        UNION ALL
                        SELECT 'agent', 2, a.id, a.name, p.team_id FROM agents a
                        JOIN projects p ON p.tenant_id = a.tenant_id AND p.id = a.project_id AND p.deleted_at IS NULL
                        JOIN teams t ON t.tenant_id = p.tenant_id AND t.id = p.team_id AND t.deleted_at IS NULL
                        WHERE a.deleted_at IS NULL
                        ORDER BY rank, name, id""",
                (rs, i) -> new Unit(rs.getString("type"), rs.getObject("id", UUID.class), rs.getString("name"),
                        new TeamId(rs.getObject("team_id", UUID.class))));
    }

    @Override
    public boolean teamExists(TeamId team) {
        return !jdbc.queryForList("SELECT 1 FROM teams WHERE id = ? AND deleted_at IS NULL", Integer.class,
                team.value()).isEmpty();
    }

    @Override
    public Optional<TeamId> teamOfProject(ProjectId project) {
        return jdbc.query("SELECT team_id FROM projects WHERE id = ? AND deleted_at IS NULL",
                (rs, i) -> new TeamId(rs.getObject(1, UUID.class)), project.value()).stream().findFirst();
    }

    @Override
    public Optional<AgentChain> chainOf(AgentId agent) {
        Supplier<Optional<AgentChain>> load = () -> agents.find(agent)
                .map(facts -> new AgentChain(facts.id(), facts.project(), facts.team(), facts.active()));
        return TenantScope.currentTenant().map(tenant -> chains.get(tenant, agent, load)).orElseGet(load);
    }

    @Override
    public boolean administersTenant() {
        return permissions.administersTenant();
    }

    @Override
    public boolean manages(TeamId team) {
        return permissions.canManage(team);
    }

    @Override
    public boolean managesSomeTeam() {
        return permissions.administersTenant() || !permissions.administeredTeams().isEmpty();
    }
}
