package io.tollgate.identity.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.TeamId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The few facts about an agent that credentials need: its name, status and team. Reads the current tenant only. */
@Component
public class AgentDirectory {

    private final JdbcTemplate jdbc;

    AgentDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record AgentFacts(AgentId id, String name, boolean active, TeamId team) {
    }

    /** Active agents (of the given teams, or all when null), by name; for choosing one in a form. */
    @Transactional(readOnly = true)
    public List<AgentFacts> active(@Nullable Collection<TeamId> teams, int limit) {
        return jdbc.query("""
                SELECT a.id, a.name, a.status, p.team_id FROM agents a
                JOIN projects p ON p.tenant_id = a.tenant_id AND p.id = a.project_id
                WHERE a.status = 'ACTIVE' AND (?::uuid[] IS NULL OR p.team_id = ANY (?::uuid[]))
                ORDER BY lower(a.name) LIMIT ?""", (rs, n) -> new AgentFacts(new AgentId(rs.getObject(1, UUID.class)),
                rs.getString(2), true, new TeamId(rs.getObject(4, UUID.class))),
                teamArray(teams), teamArray(teams), limit);
    }

    private static @Nullable String teamArray(@Nullable Collection<TeamId> teams) {
        return teams == null ? null : teams.stream().map(TeamId::toString).collect(Collectors.joining(",", "{", "}"));
    }

    @Transactional(readOnly = true)
    public Optional<AgentFacts> find(AgentId agent) {
        return jdbc.query("""
                SELECT a.id, a.name, a.status, p.team_id FROM agents a
                JOIN projects p ON p.tenant_id = a.tenant_id AND p.id = a.project_id
                WHERE a.id = ?""", (rs, n) -> new AgentFacts(new AgentId(rs.getObject(1, UUID.class)),
                rs.getString(2), "ACTIVE".equals(rs.getString(3)), new TeamId(rs.getObject(4, UUID.class))),
                agent.value()).stream().findFirst();
    }
}
