package io.tollgate.identity.internal.keys;

import java.util.List;

import io.tollgate.identity.TeamId;
import io.tollgate.identity.internal.TeamPermissions;
import io.tollgate.platform.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Who may manage which keys: OWNER and ADMIN every key, a TEAM_ADMIN the keys of their teams' agents. A TEAM_ADMIN
 * asking for another team's key gets "not found", like a key of another tenant.
 */
@Component("apiKeyAccess")
class ApiKeyAccess {

    private final TeamPermissions teams;

    ApiKeyAccess(TeamPermissions teams) {
        this.teams = teams;
    }

    /** Method-security gate: may the caller manage any key at all? Others get 403. */
    public boolean managesSomeKeys() {
        return teams.administersTenant() || !teams.administeredTeams().isEmpty();
    }

    /** The teams whose keys the caller manages; null for every team. */
    @Nullable List<TeamId> scope() {
        return teams.administersTenant() ? null : teams.administeredTeams();
    }

    void requireManages(TeamId team, String what) {
        if (!teams.canManage(team)) {
            throw NotFoundException.of(what);
        }
    }

    boolean administersTenant() {
        return teams.administersTenant();
    }
}
