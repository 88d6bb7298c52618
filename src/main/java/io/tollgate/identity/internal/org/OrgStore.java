package io.tollgate.identity.internal.org;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.ProjectId;
import io.tollgate.identity.internal.AgentDirectory;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * SQL for teams, projects, agents and team roles; runs in the caller's tenant-bound transaction. Deleted rows are
 * only marked ({@code deleted_at}) and are invisible to every read here; agents are read through
 * {@link AgentDirectory}, the one query for agents.
 */
@Repository
class OrgStore {

    record Team(UUID id, String name, String description, Instant createdAt) {
    }

    record Project(UUID id, UUID teamId, String name, String description, Instant createdAt) {
    }

    record Agent(UUID id, UUID projectId, UUID teamId, String name, String description, String status,
                 Instant createdAt) {

        static Agent of(AgentDirectory.AgentFacts facts) {
            return new Agent(facts.id().value(), facts.project().value(), facts.team().value(), facts.name(),
                    facts.description(), facts.status(), facts.createdAt());
        }
    }

    record TeamRoleGrant(UUID id, UUID teamId, UUID userId, String role, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;
    private final AgentDirectory agents;

    OrgStore(JdbcTemplate jdbc, AgentDirectory agents) {
        this.jdbc = jdbc;
        this.agents = agents;
    }

    void insertTeam(TenantId tenant, UUID id, String name, String description) {
        jdbc.update("INSERT INTO teams (tenant_id, id, name, description) VALUES (?, ?, ?, ?)", tenant.value(), id,
                name, description);
    }

    void insertProject(TenantId tenant, UUID id, UUID team, String name, String description) {
        jdbc.update("INSERT INTO projects (tenant_id, id, team_id, name, description) VALUES (?, ?, ?, ?, ?)",
                tenant.value(), id, team, name, description);
    }

    void insertAgent(TenantId tenant, UUID id, UUID project, String name, String description) {
        jdbc.update("INSERT INTO agents (tenant_id, id, project_id, name, description) VALUES (?, ?, ?, ?, ?)",
                tenant.value(), id, project, name, description);
    }

    void insertTeamRole(TenantId tenant, UUID id, UUID team, UUID user, String role) {
        jdbc.update("INSERT INTO team_roles (tenant_id, id, team_id, user_id, role) VALUES (?, ?, ?, ?, ?)",
                tenant.value(), id, team, user, role);
    }

    void setAgentStatus(UUID agent, String status) {
        jdbc.update("UPDATE agents SET status = ?, version = version + 1 WHERE id = ?", status, agent);
    }

    void updateTeam(UUID team, String name, String description) {
        jdbc.update("UPDATE teams SET name = ?, description = ?, version = version + 1 WHERE id = ?", name,
                description, team);
    }

    void updateProject(UUID project, String name, String description) {
        jdbc.update("UPDATE projects SET name = ?, description = ?, version = version + 1 WHERE id = ?", name,
                description, project);
    }

    void updateAgent(UUID agent, String name, String description) {
        jdbc.update("UPDATE agents SET name = ?, description = ?, version = version + 1 WHERE id = ?", name,
                description, agent);
    }

    void markTeamDeleted(UUID team) {
        jdbc.update("UPDATE teams SET deleted_at = now(), version = version + 1 WHERE id = ?", team);
    }

    void markProjectDeleted(UUID project) {
        jdbc.update("UPDATE projects SET deleted_at = now(), version = version + 1 WHERE id = ?", project);
    }

    void markAgentDeleted(UUID agent) {
        jdbc.update("UPDATE agents SET deleted_at = now(), status = 'DISABLED', version = version + 1 WHERE id = ?",
                agent);
    }

    void deleteTeamRole(UUID role) {
        jdbc.update("DELETE FROM team_roles WHERE id = ?", role);
    }

    Optional<Team> team(UUID id) {
        return jdbc.query(TEAM_SELECT + " AND id = ?", TEAM, id).stream().findFirst();
    }

    /**
     * The live team, row-locked: {@code share} against a concurrent delete while a project is added to it, otherwise
     * exclusively, so a delete sees every project committed before it and none is added after.
     */
    Optional<Team> lockTeam(UUID id, boolean share) {
        return jdbc.query(TEAM_SELECT + " AND id = ? FOR " + (share ? "SHARE" : "UPDATE"), TEAM, id).stream()
                .findFirst();
    }

    Optional<Project> project(UUID id) {
        return jdbc.query(PROJECT_SELECT + " AND id = ?", PROJECT, id).stream().findFirst();
    }

    /** Like {@link #lockTeam}, for a project and its agents. */
    Optional<Project> lockProject(UUID id, boolean share) {
        return jdbc.query(PROJECT_SELECT + " AND id = ? FOR " + (share ? "SHARE" : "UPDATE"), PROJECT, id).stream()
                .findFirst();
    }

    Optional<Agent> agent(UUID id) {
        return agents.find(new AgentId(id)).map(Agent::of);
    }

    /** Row-locks the live agent against concurrent changes, then reads it. */
    Optional<Agent> lockAgent(UUID id) {
        jdbc.query("SELECT 1 FROM agents WHERE id = ? AND deleted_at IS NULL FOR UPDATE", (rs, n) -> 1, id);
        return agent(id);
    }

    List<Team> teams(@Nullable UUID after, int limit) {
        return jdbc.query(TEAM_SELECT + " AND (?::uuid IS NULL OR id > ?) ORDER BY id LIMIT ?", TEAM, after, after,
                limit);
    }

    List<Project> projects(@Nullable UUID team, @Nullable UUID after, int limit) {
        return jdbc.query(PROJECT_SELECT + " AND (?::uuid IS NULL OR team_id = ?) AND (?::uuid IS NULL OR id > ?)"
                + " ORDER BY id LIMIT ?", PROJECT, team, team, after, after, limit);
    }

    List<Agent> agents(@Nullable UUID project, @Nullable UUID after, int limit) {
        return agents.page(project == null ? null : new ProjectId(project), after, limit).stream().map(Agent::of)
                .toList();
    }

    List<TeamRoleGrant> teamRoles(UUID team) {
        return jdbc.query("SELECT id, team_id, user_id, role, created_at FROM team_roles WHERE team_id = ? "
                + "ORDER BY created_at, id", (rs, n) -> new TeamRoleGrant(rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4), instant(rs, 5)), team);
    }

    private static final String TEAM_SELECT = "SELECT id, name, description, created_at FROM teams"
            + " WHERE deleted_at IS NULL";
    private static final String PROJECT_SELECT = "SELECT id, team_id, name, description, created_at FROM projects"
            + " WHERE deleted_at IS NULL";

    private static final RowMapper<Team> TEAM = (rs, n) -> new Team(rs.getObject(1, UUID.class), rs.getString(2),
            rs.getString(3), instant(rs, 4));
    private static final RowMapper<Project> PROJECT = (rs, n) -> new Project(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), instant(rs, 5));

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}
