package io.tollgate.identity.internal.org;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.identity.TeamRole;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PrefixedId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Teams, projects and agents, and team roles; lists are cursor-paginated (oldest first). */
@RestController
@Tag(name = "Teams, projects and agents")
class OrgApiController {

    static final String TEAM = "team";
    static final String PROJECT = "prj";
    static final String AGENT = "agt";
    static final String ROLE = "trl";

    private final OrgService org;

    OrgApiController(OrgService org) {
        this.org = org;
    }

    record NewTeam(@NotBlank(message = "Give the team a name.") @Size(max = 100, message = "Use 1–100 characters.") String name,
                   @Nullable @Size(max = 500, message = "At most 500 characters.") String description) {
    }

    record NewProject(@NotBlank(message = "Give the team.") String teamId,
                      @NotBlank(message = "Give the project a name.") @Size(max = 100, message = "Use 1–100 characters.") String name,
                      @Nullable @Size(max = 500, message = "At most 500 characters.") String description) {
    }

    record NewAgent(@NotBlank(message = "Give the project.") String projectId,
                    @NotBlank(message = "Give the agent a name.") @Size(max = 100, message = "Use 1–100 characters.") String name,
                    @Nullable @Size(max = 500, message = "At most 500 characters.") String description) {
    }

    /** A PATCH of a team or project: the fields given change, the others stay. */
    record Patch(@Nullable @Size(min = 1, max = 100, message = "Use 1–100 characters.") String name,
                 @Nullable @Size(max = 500, message = "At most 500 characters.") String description) {

        void requireSomething() {
            if (name == null && description == null) {
                throw new InvalidInputException("name", "Give name and/or description.");
            }
        }
    }

    record AgentPatch(@Nullable @Pattern(regexp = "ACTIVE|DISABLED", message = "Use ACTIVE or DISABLED.") String status,
                      @Nullable @Size(min = 1, max = 100, message = "Use 1–100 characters.") String name,
                      @Nullable @Size(max = 500, message = "At most 500 characters.") String description) {

        void requireSomething() {
            if (status == null && name == null && description == null) {
                throw new InvalidInputException("status", "Give status, name and/or description.");
            }
        }
    }

    record NewTeamRole(@NotBlank(message = "Give the member (mem_…).") String memberId,
                       @NotNull(message = "Use TEAM_ADMIN or APPROVER.") TeamRole role) {
    }

    record Team(String id, String name, String description, Instant createdAt) {
        static Team of(OrgStore.Team t) {
            return new Team(PrefixedId.format(TEAM, t.id()), t.name(), t.description(), t.createdAt());
        }
    }

    record Project(String id, String teamId, String name, String description, Instant createdAt) {
        static Project of(OrgStore.Project p) {
            return new Project(PrefixedId.format(PROJECT, p.id()), PrefixedId.format(TEAM, p.teamId()), p.name(),
                    p.description(), p.createdAt());
        }
    }

    record Agent(String id, String projectId, String teamId, String name, String description, String status,
                 Instant createdAt) {
        static Agent of(OrgStore.Agent a) {
            return new Agent(PrefixedId.format(AGENT, a.id()), PrefixedId.format(PROJECT, a.projectId()),
                    PrefixedId.format(TEAM, a.teamId()), a.name(), a.description(), a.status(), a.createdAt());
        }
    }

    record TeamRoleGrant(String id, String teamId, String userId, String role, Instant createdAt) {
        static TeamRoleGrant of(OrgStore.TeamRoleGrant g) {
            return new TeamRoleGrant(PrefixedId.format(ROLE, g.id()), PrefixedId.format(TEAM, g.teamId()),
                    g.userId().toString(), g.role(), g.createdAt());
        }
    }

    record Page<T>(List<T> data, @Nullable String nextCursor) {
    }

    @Operation(operationId = "listTeams", summary = "Teams of the organisation, oldest first")
    @GetMapping(path = "/v1/teams", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<Team> teams(@RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
                     @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        var page = org.teams(cursor(TEAM, cursor), limit);
        return new Page<>(page.items().stream().map(Team::of).toList(), next(TEAM, page.nextCursor()));
    }

    @Operation(operationId = "createTeam", summary = "Create a team; names are unique per organisation")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    @PostMapping(path = "/v1/teams", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Team> createTeam(@Valid @RequestBody NewTeam request) {
        Team team = Team.of(org.createTeam(request.name(), request.description()));
        return ResponseEntity.created(URI.create("/v1/teams/" + team.id())).body(team);
    }

    @Operation(operationId = "getTeam", summary = "One team")
    @GetMapping(path = "/v1/teams/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Team team(@PathVariable("id") String id) {
        return Team.of(org.team(PrefixedId.parse(TEAM, id, "team")));
    }

    @Operation(operationId = "updateTeam", summary = "Rename a team or change its description")
    @PatchMapping(path = "/v1/teams/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Team patchTeam(@PathVariable("id") String id, @Valid @RequestBody Patch patch) {
        patch.requireSomething();
        return Team.of(org.updateTeam(PrefixedId.parse(TEAM, id, "team"), patch.name(), patch.description()));
    }

    /** 409 while the team has projects; its team roles go with it. */
    @Operation(operationId = "deleteTeam", summary = "Delete an empty team; its team roles are revoked")
    @DeleteMapping("/v1/teams/{id}")
    ResponseEntity<Void> deleteTeam(@PathVariable("id") String id) {
        org.deleteTeam(PrefixedId.parse(TEAM, id, "team"));
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listTeamRoles", summary = "Who holds TEAM_ADMIN or APPROVER on the team")
    @GetMapping(path = "/v1/teams/{id}/roles", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<TeamRoleGrant> teamRoles(@PathVariable("id") String id) {
        return new Page<>(org.teamRoles(PrefixedId.parse(TEAM, id, "team")).stream().map(TeamRoleGrant::of).toList(),
                null);
    }

    @Operation(operationId = "grantTeamRole", summary = "Grant a member a role on the team")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Granted")
    @PostMapping(path = "/v1/teams/{id}/roles", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TeamRoleGrant> grant(@PathVariable("id") String id, @Valid @RequestBody NewTeamRole request) {
        UUID member = PrefixedId.parse("mem", request.memberId(), "member");
        TeamRoleGrant grant = TeamRoleGrant.of(org.grantTeamRole(PrefixedId.parse(TEAM, id, "team"), member,
                request.role()));
        return ResponseEntity.created(URI.create("/v1/teams/" + id + "/roles")).body(grant);
    }

    @Operation(operationId = "revokeTeamRole", summary = "Revoke a team role")
    @DeleteMapping("/v1/teams/{id}/roles/{roleId}")
    ResponseEntity<Void> revoke(@PathVariable("id") String id, @PathVariable("roleId") String roleId) {
        org.revokeTeamRole(PrefixedId.parse(TEAM, id, "team"), PrefixedId.parse(ROLE, roleId, "team role"));
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listProjects", summary = "Projects, optionally of one team")
    @GetMapping(path = "/v1/projects", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<Project> projects(@RequestParam(name = "team_id", required = false) @Nullable String teamId,
                           @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
                           @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        var page = org.projects(cursor(TEAM, teamId), cursor(PROJECT, cursor), limit);
        return new Page<>(page.items().stream().map(Project::of).toList(), next(PROJECT, page.nextCursor()));
    }

    @Operation(operationId = "createProject", summary = "Create a project in a team")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    @PostMapping(path = "/v1/projects", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Project> createProject(@Valid @RequestBody NewProject request) {
        Project project = Project.of(org.createProject(PrefixedId.parse(TEAM, request.teamId(), "team"),
                request.name(), request.description()));
        return ResponseEntity.created(URI.create("/v1/projects/" + project.id())).body(project);
    }

    @Operation(operationId = "getProject", summary = "One project")
    @GetMapping(path = "/v1/projects/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Project project(@PathVariable("id") String id) {
        return Project.of(org.project(PrefixedId.parse(PROJECT, id, "project")));
    }

    @Operation(operationId = "updateProject", summary = "Rename a project or change its description")
    @PatchMapping(path = "/v1/projects/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Project patchProject(@PathVariable("id") String id, @Valid @RequestBody Patch patch) {
        patch.requireSomething();
        return Project.of(org.updateProject(PrefixedId.parse(PROJECT, id, "project"), patch.name(),
                patch.description()));
    }

    /** 409 while the project has agents. */
    @Operation(operationId = "deleteProject", summary = "Delete a project without agents")
    @DeleteMapping("/v1/projects/{id}")
    ResponseEntity<Void> deleteProject(@PathVariable("id") String id) {
        org.deleteProject(PrefixedId.parse(PROJECT, id, "project"));
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listAgents", summary = "Agents, optionally of one project")
    @GetMapping(path = "/v1/agents", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<Agent> agents(@RequestParam(name = "project_id", required = false) @Nullable String projectId,
                       @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
                       @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        var page = org.agents(cursor(PROJECT, projectId), cursor(AGENT, cursor), limit);
        return new Page<>(page.items().stream().map(Agent::of).toList(), next(AGENT, page.nextCursor()));
    }

    @Operation(operationId = "createAgent", summary = "Create an agent in a project")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    @PostMapping(path = "/v1/agents", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Agent> createAgent(@Valid @RequestBody NewAgent request) {
        Agent agent = Agent.of(org.createAgent(PrefixedId.parse(PROJECT, request.projectId(), "project"),
                request.name(), request.description()));
        return ResponseEntity.created(URI.create("/v1/agents/" + agent.id())).body(agent);
    }

    @Operation(operationId = "getAgent", summary = "One agent")
    @GetMapping(path = "/v1/agents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Agent agent(@PathVariable("id") String id) {
        return Agent.of(org.agent(PrefixedId.parse(AGENT, id, "agent")));
    }

    @Operation(operationId = "updateAgent", summary = "Rename, describe, disable or enable an agent")
    @PatchMapping(path = "/v1/agents/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Agent patchAgent(@PathVariable("id") String id, @Valid @RequestBody AgentPatch patch) {
        patch.requireSomething();
        return Agent.of(org.updateAgent(PrefixedId.parse(AGENT, id, "agent"), patch.name(), patch.description(),
                patch.status()));
    }

    /** Revokes the agent's API keys, then deletes it. */
    @Operation(operationId = "deleteAgent", summary = "Delete an agent; its API keys are revoked at once")
    @DeleteMapping("/v1/agents/{id}")
    ResponseEntity<Void> deleteAgent(@PathVariable("id") String id) {
        org.deleteAgent(PrefixedId.parse(AGENT, id, "agent"));
        return ResponseEntity.noContent().build();
    }

    private static @Nullable UUID cursor(String prefix, @Nullable String value) {
        return value == null || value.isBlank() ? null : PrefixedId.parse(prefix, value, "cursor");
    }

    private static @Nullable String next(String prefix, @Nullable UUID id) {
        return id == null ? null : PrefixedId.format(prefix, id);
    }
}
