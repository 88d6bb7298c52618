package io.tollgate.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The org structure as other modules need it: where a project or agent sits, and whether the current principal
 * manages a team. Reads the current tenant only; deleted teams, projects and agents are not found.
 */
public interface OrgScopes {

    /** An agent with its project and team. */
    record AgentChain(AgentId agent, ProjectId project, TeamId team, boolean active) {
    }

    /** A live team, project or agent by name, with the team it belongs to ({@code type}: team, project, agent). */
    record Unit(String type, UUID id, String name, TeamId team) {
    }

    /** Every live team, then project, then agent of the tenant, each group by name: for pickers and labels. */
    List<Unit> structure();

    boolean teamExists(TeamId team);

    Optional<TeamId> teamOfProject(ProjectId project);

    Optional<AgentChain> chainOf(AgentId agent);

    /** OWNER or ADMIN of the tenant (people, or API keys with the {@code admin} scope). */
    boolean administersTenant();

    /** {@link #administersTenant()}, or TEAM_ADMIN of this team. */
    boolean manages(TeamId team);

    /** Manages at least one team (or the whole tenant). */
    boolean managesSomeTeam();
}
