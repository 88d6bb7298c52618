package io.tollgate.identity.internal.org;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.identity.OrgStructureChanged;
import io.tollgate.identity.TeamId;
import io.tollgate.identity.TeamRole;
import io.tollgate.identity.internal.TeamPermissions;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.MemberLookup;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams → projects → agents. Every member reads the structure; owners and admins create teams and grant team roles;
 * a team's TEAM_ADMIN creates its projects and agents and disables or enables its agents. Another team's project
 * or agent is "not found" to a team admin, as another tenant's would be.
 */
@Service
@Transactional
public class OrgService {

    static final String READERS = "hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')";
    static final String MANAGERS = "@teamPermissions.administersTenant() or !@teamPermissions.administeredTeams().isEmpty()";

    private final OrgStore store;
    private final TeamPermissions permissions;
    private final MemberLookup members;
    private final ApplicationEventPublisher events;

    OrgService(OrgStore store, TeamPermissions permissions, MemberLookup members, ApplicationEventPublisher events) {
        this.store = store;
        this.permissions = permissions;
        this.members = members;
        this.events = events;
    }

    public record Page<T>(List<T> items, @Nullable UUID nextCursor) {
    }

    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public OrgStore.Team createTeam(String name, String description) {
        UUID id = Ids.newUuid();
        insert("name", "A team with this name exists already.",
                () -> store.insertTeam(tenant(), id, name(name), description(description)));
        publish("team.created", "team", id, Map.of("name", Change.added(name.strip())));
        return store.team(id).orElseThrow();
    }

    @PreAuthorize(MANAGERS)
    public OrgStore.Project createProject(UUID teamId, String name, String description) {
        OrgStore.Team team = store.team(teamId).orElseThrow(() -> NotFoundException.of("team"));
        requireManages(team.id(), "team");
        UUID id = Ids.newUuid();
        insert("name", "This team has a project with this name already.",
                () -> store.insertProject(tenant(), id, team.id(), name(name), description(description)));
        publish("project.created", "project", id, Map.of("name", Change.added(name.strip()),
                "team_id", Change.added(team.id().toString())));
        return store.project(id).orElseThrow();
    }

    @PreAuthorize(MANAGERS)
    public OrgStore.Agent createAgent(UUID projectId, String name, String description) {
        OrgStore.Project project = store.project(projectId).orElseThrow(() -> NotFoundException.of("project"));
        requireManages(project.teamId(), "project");
        UUID id = Ids.newUuid();
        insert("name", "An agent with this name exists already.",
                () -> store.insertAgent(tenant(), id, project.id(), name(name), description(description)));
        publish("agent.created", "agent", id, Map.of("name", Change.added(name.strip()),
                "project_id", Change.added(project.id().toString())));
        return store.agent(id).orElseThrow();
    }

    @PreAuthorize(MANAGERS)
    public OrgStore.Agent setAgentStatus(UUID agentId, String status) {
        OrgStore.Agent agent = store.agent(agentId).orElseThrow(() -> NotFoundException.of("agent"));
        requireManages(agent.teamId(), "agent");
        if (!status.equals("ACTIVE") && !status.equals("DISABLED")) {
            throw new InvalidInputException("status", "Use ACTIVE or DISABLED.");
        }
        if (!status.equals(agent.status())) {
            store.setAgentStatus(agent.id(), status);
            publish("agent.status_changed", "agent", agent.id(), Map.of("status", new Change(agent.status(), status)));
        }
        return store.agent(agent.id()).orElseThrow();
    }

    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public OrgStore.TeamRoleGrant grantTeamRole(UUID teamId, UUID membershipId, TeamRole role) {
        OrgStore.Team team = store.team(teamId).orElseThrow(() -> NotFoundException.of("team"));
        var member = members.byMembership(tenant(), membershipId)
                .orElseThrow(() -> new InvalidInputException("member_id", "No such member in this organisation."));
        UUID id = Ids.newUuid();
        insert("member_id", "This member holds this role on the team already.",
                () -> store.insertTeamRole(tenant(), id, team.id(), member.user().value(), role.name()));
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("team_id", Change.added(team.id().toString()));
        changes.put("email", Change.added(member.email()));
        changes.put("role", Change.added(role.name()));
        publish("team_role.granted", "team_role", id, changes);
        return store.teamRoles(team.id()).stream().filter(grant -> grant.id().equals(id)).findFirst().orElseThrow();
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public OrgStore.Team team(UUID id) {
        return store.team(id).orElseThrow(() -> NotFoundException.of("team"));
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public List<OrgStore.TeamRoleGrant> teamRoles(UUID teamId) {
        return store.teamRoles(team(teamId).id());
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public OrgStore.Project project(UUID id) {
        return store.project(id).orElseThrow(() -> NotFoundException.of("project"));
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public OrgStore.Agent agent(UUID id) {
        return store.agent(id).orElseThrow(() -> NotFoundException.of("agent"));
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public Page<OrgStore.Team> teams(@Nullable UUID cursor, int limit) {
        return page(store.teams(cursor, limit + 1), limit, OrgStore.Team::id);
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public Page<OrgStore.Project> projects(@Nullable UUID team, @Nullable UUID cursor, int limit) {
        return page(store.projects(team, cursor, limit + 1), limit, OrgStore.Project::id);
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public Page<OrgStore.Agent> agents(@Nullable UUID project, @Nullable UUID cursor, int limit) {
        return page(store.agents(project, cursor, limit + 1), limit, OrgStore.Agent::id);
    }

    private void requireManages(UUID team, String what) {
        if (!permissions.canManage(new TeamId(team))) {
            throw NotFoundException.of(what);
        }
    }

    private static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, UUID> id) {
        List<T> items = rows.size() > limit ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(items), rows.size() > limit ? id.apply(items.getLast()) : null);
    }

    private static void insert(String field, String conflict, Runnable insert) {
        try {
            insert.run();
        } catch (DuplicateKeyException e) {
            throw new ConflictException(field, conflict);
        }
    }

    private static String name(String name) {
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.length() > 100) {
            throw new InvalidInputException("name", "Use 1–100 characters.");
        }
        return stripped;
    }

    private static String description(@Nullable String description) {
        String stripped = description == null ? "" : description.strip();
        if (stripped.length() > 500) {
            throw new InvalidInputException("description", "Use at most 500 characters.");
        }
        return stripped;
    }

    private void publish(String action, String type, UUID target, Map<String, Change> changes) {
        events.publishEvent(new OrgStructureChanged(tenant(), action, type, target, changes));
    }

    private static TenantId tenant() {
        return TenantScope.requireTenant();
    }
}
