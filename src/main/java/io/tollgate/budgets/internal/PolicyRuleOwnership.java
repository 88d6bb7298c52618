package io.tollgate.budgets.internal;

import java.util.Optional;
import java.util.UUID;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.OrgScopes;
import io.tollgate.identity.ProjectId;
import io.tollgate.identity.TeamId;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.policies.RuleOwnership;
import io.tollgate.policies.RuleScope;
import org.springframework.stereotype.Component;

/** Answers the policies module's ownership questions from the org structure (policies reads no other module). */
@Component
class PolicyRuleOwnership implements RuleOwnership {

    private final OrgScopes scopes;

    PolicyRuleOwnership(OrgScopes scopes) {
        this.scopes = scopes;
    }

    @Override
    public boolean administersTenant() {
        return scopes.administersTenant();
    }

    @Override
    public boolean managesTeam(UUID team) {
        return scopes.manages(new TeamId(team));
    }

    @Override
    public boolean managesSomeTeam() {
        return scopes.managesSomeTeam();
    }

    @Override
    public Optional<UUID> teamOf(RuleScope scope) {
        return switch (scope.kind()) {
            case ORG, AGENT_TAG, PROJECT_TAG -> Optional.empty();
            case TEAM -> {
                TeamId team = new TeamId(PrefixedId.parse("team", target(scope), "team"));
                if (!scopes.teamExists(team)) {
                    throw NotFoundException.of("team");
                }
                yield Optional.of(team.value());
            }
            case PROJECT -> Optional.of(scopes.teamOfProject(new ProjectId(PrefixedId.parse("prj", target(scope),
                    "project"))).orElseThrow(() -> NotFoundException.of("project")).value());
            case AGENT -> Optional.of(scopes.chainOf(new AgentId(PrefixedId.parse("agt", target(scope), "agent")))
                    .orElseThrow(() -> NotFoundException.of("agent")).team().value());
        };
    }

    private static String target(RuleScope scope) {
        return java.util.Objects.requireNonNull(scope.target());
    }
}
