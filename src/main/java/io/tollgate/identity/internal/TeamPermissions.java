package io.tollgate.identity.internal;

import java.util.List;
import java.util.UUID;

import io.tollgate.identity.TeamId;
import io.tollgate.identity.TeamRole;
import io.tollgate.platform.TenantScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ownership checks for team-scoped resources, used from {@code @PreAuthorize("@teamPermissions....")} and services:
 * tenant-wide OWNER and ADMIN manage every team, a TEAM_ADMIN only the teams they hold that role on. Transactional
 * because method security asks before a service's own transaction has bound the tenant (RLS would show nothing).
 */
@Component("teamPermissions")
@Transactional(readOnly = true)
public class TeamPermissions {

    private final JdbcTemplate jdbc;

    TeamPermissions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean canManage(TeamId team) {
        return administersTenant() || administeredTeams().contains(team);
    }

    public boolean administersTenant() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_OWNER") || a.getAuthority().equals("ROLE_ADMIN"));
    }

    /** The teams the signed-in person is TEAM_ADMIN of; none for agents. */
    public List<TeamId> administeredTeams() {
        return TenantScope.currentUser().map(user -> jdbc.query(
                        "SELECT team_id FROM team_roles WHERE user_id = ? AND role = ?",
                        (rs, n) -> new TeamId(rs.getObject(1, UUID.class)), user.value(), TeamRole.TEAM_ADMIN.name()))
                .orElse(List.of());
    }
}
