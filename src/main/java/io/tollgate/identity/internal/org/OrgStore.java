package io.tollgate.identity.internal.org;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** SQL for teams, projects, agents and team roles; runs in the caller's tenant-bound transaction. */
@Repository
class OrgStore {

    record Team(UUID id, String name, String description, Instant createdAt) {
    }

    record Project(UUID id, UUID teamId, String name, String description, Instant createdAt) {
    }

    record Agent(UUID id, UUID projectId, UUID teamId, String name, String description, String status,
                 Instant createdAt) {
    }

    record TeamRoleGrant(UUID id, UUID teamId, UUID userId, String role, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;

    OrgStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    Optional<Team> team(UUID id) {
        return jdbc.query("SELECT id, name, description, created_at FROM teams WHERE id = ?", TEAM, id).stream()
                .findFirst();
    }

    Optional<Project> project(UUID id) {
        return jdbc.query("SELECT id, team_id, name, description, created_at FROM projects WHERE id = ?", PROJECT, id)
                .stream().findFirst();
    }

    Optional<Agent> agent(UUID id) {
        return jdbc.query(AGENT_SELECT + " WHERE a.id = ?", AGENT, id).stream().findFirst();
    }

    List<Team> teams(@Nullable UUID after, int limit) {
        return jdbc.query("SELECT id, name, description, created_at FROM teams WHERE (?::uuid IS NULL OR id > ?) "
                + "ORDER BY id LIMIT ?", TEAM, after, after, limit);
    }

    List<Project> projects(@Nullable UUID team, @Nullable UUID after, int limit) {
        return jdbc.query("SELECT id, team_id, name, description, created_at FROM projects "
                + "WHERE (?::uuid IS NULL OR team_id = ?) AND (?::uuid IS NULL OR id > ?) ORDER BY id LIMIT ?",
                PROJECT, team, team, after, after, limit);
    }

    List<Agent> agents(@Nullable UUID project, @Nullable UUID after, int limit) {
        return jdbc.query(AGENT_SELECT + " WHERE (?::uuid IS NULL OR a.project_id = ?) AND (?::uuid IS NULL OR a.id > ?)"
                + " ORDER BY a.id LIMIT ?", AGENT, project, project, after, after, limit);
    }

    List<TeamRoleGrant> teamRoles(UUID team) {
        return jdbc.query("SELECT id, team_id, user_id, role, created_at FROM team_roles WHERE team_id = ? "
                + "ORDER BY created_at, id", (rs, n) -> new TeamRoleGrant(rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4), instant(rs, 5)), team);
    }

    private static final String AGENT_SELECT = "SELECT a.id, a.project_id, p.team_id, a.name, a.description, a.status,"
            + " a.created_at FROM agents a JOIN projects p ON p.tenant_id = a.tenant_id AND p.id = a.project_id";

    private static final RowMapper<Team> TEAM = (rs, n) -> new Team(rs.getObject(1, UUID.class), rs.getString(2),
            rs.getString(3), instant(rs, 4));
    private static final RowMapper<Project> PROJECT = (rs, n) -> new Project(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), instant(rs, 5));
    private static final RowMapper<Agent> AGENT = (rs, n) -> new Agent(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
            rs.getString(6), instant(rs, 7));

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}
