package io.tollgate.identity.internal.keys;

import java.util.List;
import java.util.UUID;

import io.tollgate.identity.TeamId;
import io.tollgate.identity.TeamRole;
import io.tollgate.identity.internal.TeamPermissions;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantScope;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may manage which keys: OWNER and ADMIN every key, a TEAM_ADMIN the keys of their teams' agents. A TEAM_ADMIN
 * asking for another team's key gets "not found", like a key of another tenant. Transactional because method
 * security asks before the service's own transaction has bound the tenant (without it, RLS shows no team roles).
 */
@Component("apiKeyAccess")
@Transactional(readOnly = true)
class ApiKeyAccess {

    private final TeamPermissions teams;
    private final JdbcTemplate jdbc;

    ApiKeyAccess(TeamPermissions teams, JdbcTemplate jdbc) {
        this.teams = teams;
        this.jdbc = jdbc;
    }

    /** Method-security gate: may the caller manage any key at all? Others get 403. */
    public boolean managesSomeKeys() {
        return teams.administersTenant() || !administeredTeams().isEmpty();
    }

    /** The teams whose keys the caller manages; null for every team. */
    @Nullable List<TeamId> scope() {
        return teams.administersTenant() ? null : administeredTeams();
    }

    void requireManages(TeamId team, String what) {
        if (!teams.administersTenant() && !administeredTeams().contains(team)) {
            throw NotFoundException.of(what);
        }
    }

    boolean administersTenant() {
        return teams.administersTenant();
    }

    private List<TeamId> administeredTeams() {
        return TenantScope.currentUser().map(user -> jdbc.query(
                        "SELECT team_id FROM team_roles WHERE user_id = ? AND role = ?",
                        (rs, n) -> new TeamId(rs.getObject(1, UUID.class)), user.value(), TeamRole.TEAM_ADMIN.name()))
                .orElse(List.of());
    }
}
