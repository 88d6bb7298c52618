package io.tollgate.identity.internal.org;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.identity.AgentId;
import io.tollgate.identity.OrgStructureChanged;
import io.tollgate.identity.TeamId;
import io.tollgate.identity.TeamRole;
import io.tollgate.identity.internal.TeamPermissions;
import io.tollgate.identity.internal.keys.ApiKeyService;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.MemberLookup;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams → projects → agents. Every member reads the structure; owners and admins create, edit and delete teams and
 * grant and revoke team roles; a team's TEAM_ADMIN creates, edits and deletes its projects and agents and disables
 * or enables its agents. Another team's project or agent is "not found" to a team admin, as another tenant's would
 * be. Deleting only marks rows deleted, and refuses a team or project that still has something inside (ADR 0026).
 */
@Service
@Transactional
public class OrgService {

    static final String READERS = "hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')";
    static final String MANAGERS = "@teamPermissions.administersTenant() or !@teamPermissions.administeredTeams().isEmpty()";

    private final OrgStore store;
    private final TeamPermissions permissions;
    private final MemberLookup members;
    private final ApiKeyService keys;
    private final ApplicationEventPublisher events;

    OrgService(OrgStore store, TeamPermissions permissions, MemberLookup members, ApiKeyService keys,
               ApplicationEventPublisher events) {
        this.store = store;
        this.permissions = permissions;
        this.members = members;
        this.keys = keys;
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
        OrgStore.Team team = store.lockTeam(teamId, true).orElseThrow(() -> NotFoundException.of("team"));
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
        OrgStore.Project project = store.lockProject(projectId, true)
                .orElseThrow(() -> NotFoundException.of("project"));
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

    /** Renames a team or changes its description; a null field stays as it is. */
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public OrgStore.Team updateTeam(UUID teamId, @Nullable String name, @Nullable String description) {
        OrgStore.Team team = store.team(teamId).orElseThrow(() -> NotFoundException.of("team"));
        Edit edit = Edit.of(team.name(), team.description(), name, description);
        if (edit.changed()) {
            update("A team with this name exists already.",
                    () -> store.updateTeam(team.id(), edit.name(), edit.description()));
            publish("team.updated", "team", team.id(), edit.changes());
        }
        return store.team(team.id()).orElseThrow();
    }

    @PreAuthorize(MANAGERS)
    public OrgStore.Project updateProject(UUID projectId, @Nullable String name, @Nullable String description) {
        OrgStore.Project project = store.project(projectId).orElseThrow(() -> NotFoundException.of("project"));
        requireManages(project.teamId(), "project");
        Edit edit = Edit.of(project.name(), project.description(), name, description);
        if (edit.changed()) {
            update("This team has a project with this name already.",
                    () -> store.updateProject(project.id(), edit.name(), edit.description()));
            publish("project.updated", "project", project.id(), edit.changes());
        }
        return store.project(project.id()).orElseThrow();
    }

    /** Renames an agent, changes its description and/or its status; a null field stays as it is. */
    @PreAuthorize(MANAGERS)
    public OrgStore.Agent updateAgent(UUID agentId, @Nullable String name, @Nullable String description,
                                      @Nullable String status) {
        OrgStore.Agent agent = store.agent(agentId).orElseThrow(() -> NotFoundException.of("agent"));
        requireManages(agent.teamId(), "agent");
        Edit edit = Edit.of(agent.name(), agent.description(), name, description);
        if (edit.changed()) {
            update("An agent with this name exists already.",
                    () -> store.updateAgent(agent.id(), edit.name(), edit.description()));
            publish("agent.updated", "agent", agent.id(), edit.changes());
        }
        return status == null ? store.agent(agent.id()).orElseThrow() : setAgentStatus(agent.id(), status);
    }

    /**
     * Deletes an empty team (409 naming what is still inside otherwise) and takes away its team roles. The row is
     * kept, marked deleted, so that what refers to it stays valid (ADR 0026).
     */
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public void deleteTeam(UUID teamId) {
        OrgStore.Team team = store.lockTeam(teamId, false).orElseThrow(() -> NotFoundException.of("team"));
        List<OrgStore.Project> inside = store.projects(team.id(), null, NAMED_CHILDREN + 1);
        if (!inside.isEmpty()) {
            throw new ConflictException("team", "The team “" + team.name() + "” still has "
                    + named(inside, OrgStore.Project::name, "project") + ". Delete them first.");
        }
        for (OrgStore.TeamRoleGrant grant : store.teamRoles(team.id())) {
            revoke(team, grant);
        }
        store.markTeamDeleted(team.id());
        publish("team.deleted", "team", team.id(), Map.of("name", new Change(team.name(), null)));
    }

    /** Deletes an empty project (409 naming its agents otherwise); marked deleted, like a team. */
    @PreAuthorize(MANAGERS)
    public void deleteProject(UUID projectId) {
        OrgStore.Project project = store.lockProject(projectId, false)
                .orElseThrow(() -> NotFoundException.of("project"));
        requireManages(project.teamId(), "project");
        List<OrgStore.Agent> inside = store.agents(project.id(), null, NAMED_CHILDREN + 1);
        if (!inside.isEmpty()) {
            throw new ConflictException("project", "The project “" + project.name() + "” still has "
                    + named(inside, OrgStore.Agent::name, "agent") + ". Delete them first.");
        }
        store.markProjectDeleted(project.id());
        publish("project.deleted", "project", project.id(), Map.of("name", new Change(project.name(), null),
                "team_id", new Change(project.teamId().toString(), null)));
    }

    /**
     * Deletes an agent: its API keys are revoked (each audited as {@code api_key.revoked}) and it is marked deleted
     * and disabled, so its keys and JWTs are refused while its history keeps pointing at it.
     */
    @PreAuthorize(MANAGERS)
    public void deleteAgent(UUID agentId) {
        OrgStore.Agent agent = store.lockAgent(agentId).orElseThrow(() -> NotFoundException.of("agent"));
        requireManages(agent.teamId(), "agent");
        int revoked = keys.revokeAllOf(new AgentId(agent.id()));
        store.markAgentDeleted(agent.id());
        publish("agent.deleted", "agent", agent.id(), Map.of("name", new Change(agent.name(), null),
                "status", new Change(agent.status(), null), "revoked_keys", Change.added(revoked)));
    }

    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public void revokeTeamRole(UUID teamId, UUID roleId) {
        OrgStore.Team team = store.team(teamId).orElseThrow(() -> NotFoundException.of("team"));
        OrgStore.TeamRoleGrant grant = store.teamRoles(team.id()).stream().filter(g -> g.id().equals(roleId))
                .findFirst().orElseThrow(() -> NotFoundException.of("team role"));
        revoke(team, grant);
    }

    /** Who holds the team's roles, with their names for display; a role of someone no longer a member is left out. */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public List<RoleHolder> roleHolders(UUID teamId) {
        return store.teamRoles(team(teamId).id()).stream().flatMap(grant -> members
                .byUser(tenant(), new UserId(grant.userId())).stream()
                .map(member -> new RoleHolder(grant, member.displayName(), member.email()))).toList();
    }

    public record RoleHolder(OrgStore.TeamRoleGrant grant, String displayName, String email) {
    }

    private void revoke(OrgStore.Team team, OrgStore.TeamRoleGrant grant) {
        store.deleteTeamRole(grant.id());
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("team_id", new Change(team.id().toString(), null));
        members.byUser(tenant(), new UserId(grant.userId()))
                .ifPresent(member -> changes.put("email", new Change(member.email(), null)));
        changes.put("role", new Change(grant.role(), null));
        publish("team_role.revoked", "team_role", grant.id(), changes);
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

    static final int NAMED_CHILDREN = 5;

    /** "2 projects: A, B" — names up to five, then "and more". */
    private static <T> String named(List<T> children, java.util.function.Function<T, String> name, String noun) {
        List<String> names = children.stream().limit(NAMED_CHILDREN).map(child -> "“" + name.apply(child) + "”")
                .toList();
        String more = children.size() > NAMED_CHILDREN ? " and more" : "";
        return (children.size() == 1 ? noun : noun + "s") + ": " + String.join(", ", names) + more;
    }

    /** A name/description edit: the validated new values and what changed. */
    private record Edit(String name, String description, Map<String, Change> changes) {

        static Edit of(String oldName, String oldDescription, @Nullable String name, @Nullable String description) {
            String newName = name == null ? oldName : OrgService.name(name);
            String newDescription = description == null ? oldDescription : OrgService.description(description);
            Map<String, Change> changes = new LinkedHashMap<>();
            if (!newName.equals(oldName)) {
                changes.put("name", new Change(oldName, newName));
            }
            if (!newDescription.equals(oldDescription)) {
                changes.put("description", new Change(oldDescription, newDescription));
            }
            return new Edit(newName, newDescription, changes);
        }

        boolean changed() {
            return !changes.isEmpty();
        }
    }

    private static void update(String conflict, Runnable update) {
        insert("name", conflict, update);
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
