package io.tollgate.identity.internal;

import io.tollgate.identity.TeamId;
import io.tollgate.identity.TeamRole;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.UserId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ownership checks for team-scoped resources, used from {@code @PreAuthorize("@teamPermissions....")}: tenant-wide
 * OWNER and ADMIN manage every team, a TEAM_ADMIN only the teams they hold that role on.
 */
@Component("teamPermissions")
public class TeamPermissions {

    private final JdbcTemplate jdbc;

    TeamPermissions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public boolean canManage(TeamId team) {
        return administersTenant() || holds(team, TeamRole.TEAM_ADMIN);
    }

    public boolean administersTenant() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_OWNER") || a.getAuthority().equals("ROLE_ADMIN"));
    }

    private boolean holds(TeamId team, TeamRole role) {
        UserId user = TenantScope.currentUser().orElse(null);
        if (user == null) {
            return false;
        }
        Boolean held = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM team_roles WHERE team_id = ? AND user_id = ? AND role = ?)",
                Boolean.class, team.value(), user.value(), role.name());
        return Boolean.TRUE.equals(held);
    }
}
