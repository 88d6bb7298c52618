package io.tollgate.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.ProjectId;
import io.tollgate.identity.TeamId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every read of agents, for credentials and for the org structure alike: one query shape, deleted agents never
 * included. Reads the current tenant only.
 */
@Component
public class AgentDirectory {

    private static final String SELECT = """
            SELECT a.id, a.project_id, p.team_id, a.name, a.description, a.status, a.created_at FROM agents a
            JOIN projects p ON p.tenant_id = a.tenant_id AND p.id = a.project_id
            WHERE a.deleted_at IS NULL""";

    private final JdbcTemplate jdbc;

    AgentDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record AgentFacts(AgentId id, ProjectId project, TeamId team, String name, String description,
                             String status, Instant createdAt) {

        public boolean active() {
            return "ACTIVE".equals(status);
        }
    }

    @Transactional(readOnly = true)
    public Optional<AgentFacts> find(AgentId agent) {
        return jdbc.query(SELECT + " AND a.id = ?", AgentDirectory::facts, agent.value()).stream().findFirst();
    }

    /** Active agents (of the given teams, or all when null), by name; for choosing one in a form. */
    @Transactional(readOnly = true)
    public List<AgentFacts> active(@Nullable Collection<TeamId> teams, int limit) {
        return jdbc.query(SELECT + " AND a.status = 'ACTIVE' AND (?::uuid[] IS NULL OR p.team_id = ANY (?::uuid[]))"
                + " ORDER BY lower(a.name) LIMIT ?", AgentDirectory::facts, teamArray(teams), teamArray(teams), limit);
    }

    /** One page of agents (of a project, or all), oldest first, after the cursor. */
    @Transactional(readOnly = true)
    public List<AgentFacts> page(@Nullable ProjectId project, @Nullable UUID after, int limit) {
        UUID projectId = project == null ? null : project.value();
        return jdbc.query(SELECT + " AND (?::uuid IS NULL OR a.project_id = ?) AND (?::uuid IS NULL OR a.id > ?)"
                + " ORDER BY a.id LIMIT ?", AgentDirectory::facts, projectId, projectId, after, after, limit);
    }

    private static AgentFacts facts(ResultSet rs, int row) throws SQLException {
        return new AgentFacts(new AgentId(rs.getObject(1, UUID.class)), new ProjectId(rs.getObject(2, UUID.class)),
                new TeamId(rs.getObject(3, UUID.class)), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant());
    }

    private static @Nullable String teamArray(@Nullable Collection<TeamId> teams) {
        return teams == null ? null : teams.stream().map(TeamId::toString).collect(Collectors.joining(",", "{", "}"));
    }
}
