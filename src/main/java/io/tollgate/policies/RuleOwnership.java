package io.tollgate.policies;

import java.util.Optional;
import java.util.UUID;

/**
 * Who may manage which rule, answered by the module that knows the org structure (budgets, through identity), so
 * that policies depends on nothing but platform: OWNER and ADMIN manage every rule, a TEAM_ADMIN the rules whose
 * scope lies inside their team.
 */
public interface RuleOwnership {

    /** OWNER or ADMIN of the current tenant (or a credential acting as one). */
    boolean administersTenant();

    /** {@link #administersTenant()}, or TEAM_ADMIN of this team. */
    boolean managesTeam(UUID team);

    /** Manages at least one team, or the whole tenant. */
    boolean managesSomeTeam();

    /**
     * The team a scope lies inside: the team itself, a project's or an agent's team; empty for the org and for tag
     * scopes, which cross teams. Throws {@link io.tollgate.platform.NotFoundException} for an unknown target.
     */
    Optional<UUID> teamOf(RuleScope scope);
}
