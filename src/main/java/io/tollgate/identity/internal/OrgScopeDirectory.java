package io.tollgate.identity.internal;

import java.util.Optional;
import java.util.UUID;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.OrgScopes;
import io.tollgate.identity.ProjectId;
import io.tollgate.identity.TeamId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
@Transactional(readOnly = true)
class OrgScopeDirectory implements OrgScopes {

    private final JdbcTemplate jdbc;
    private final AgentDirectory agents;
    private final TeamPermissions permissions;

    OrgScopeDirectory(JdbcTemplate jdbc, AgentDirectory agents, TeamPermissions permissions) {
        this.jdbc = jdbc;
        this.agents = agents;
        this.permissions = permissions;
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
        return agents.find(agent).map(facts -> new AgentChain(facts.id(), facts.project(), facts.team(),
                facts.active()));
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
