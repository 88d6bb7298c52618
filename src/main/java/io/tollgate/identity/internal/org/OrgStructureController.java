package io.tollgate.identity.internal.org;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tollgate.identity.internal.TeamPermissions;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's "Teams" page: the whole structure (teams → projects → agents) on one page, with the forms each
 * person may use. Bad input and conflicts (a taken name, a team that still has projects) come back as a readable
 * message above the structure.
 */
@Controller
class OrgStructureController {

    static final int LIMIT = 200;
    static final String TEAMS = "redirect:/app/teams";

    private final OrgService org;
    private final TeamPermissions permissions;

    OrgStructureController(OrgService org, TeamPermissions permissions) {
        this.org = org;
        this.permissions = permissions;
    }

    @GetMapping("/app/teams")
    String page(Model model) {
        List<OrgStore.Team> teams = org.teams(null, LIMIT).items();
        Map<UUID, List<OrgStore.Project>> projects = org.projects(null, null, LIMIT).items().stream()
                .collect(Collectors.groupingBy(OrgStore.Project::teamId));
        Map<UUID, List<OrgStore.Agent>> agents = org.agents(null, null, LIMIT).items().stream()
                .collect(Collectors.groupingBy(OrgStore.Agent::projectId));
        boolean administers = permissions.administersTenant();
        model.addAttribute("teams", teams);
        model.addAttribute("projects", projects);
        model.addAttribute("agents", agents);
        model.addAttribute("administers", administers);
        model.addAttribute("roles", administers ? teams.stream()
                .collect(Collectors.toMap(OrgStore.Team::id, team -> org.roleHolders(team.id()))) : Map.of());
        model.addAttribute("managedTeams", administers
                ? teams.stream().map(OrgStore.Team::id).toList()
                : permissions.administeredTeams().stream().map(team -> team.value()).toList());
        return "identity/teams";
    }

    @PostMapping("/app/teams")
    String createTeam(@RequestParam("name") String name, RedirectAttributes redirect) {
        return attempt(redirect, TEAMS, () -> "Team “" + org.createTeam(name, "").name() + "” created.");
    }

    @PostMapping("/app/teams/{id}/edit")
    String editTeam(@PathVariable("id") String team, @RequestParam("name") String name,
                    @RequestParam(name = "description", required = false) @Nullable String description,
                    RedirectAttributes redirect) {
        return attempt(redirect, TEAMS, () -> "Team “" + org.updateTeam(Ids.parseOrNotFound(team, "team"), name,
                description).name() + "” saved.");
    }

    @PostMapping("/app/teams/{id}/delete")
    String deleteTeam(@PathVariable("id") String team, RedirectAttributes redirect) {
        return attempt(redirect, TEAMS, () -> {
            UUID id = Ids.parseOrNotFound(team, "team");
            String name = org.team(id).name();
            org.deleteTeam(id);
            return "Team “" + name + "” deleted.";
        });
    }

    @PostMapping("/app/teams/{id}/roles/{roleId}/revoke")
    String revokeRole(@PathVariable("id") String team, @PathVariable("roleId") String role,
                      RedirectAttributes redirect) {
        return attempt(redirect, TEAMS, () -> {
            org.revokeTeamRole(Ids.parseOrNotFound(team, "team"), Ids.parseOrNotFound(role, "team role"));
            return "Team role revoked.";
        });
    }

    @PostMapping("/app/teams/{id}/projects")
    String createProject(@PathVariable("id") String team, @RequestParam("name") String name,
                         RedirectAttributes redirect) {
        return attempt(redirect, TEAMS, () -> "Project “" + org.createProject(Ids.parseOrNotFound(team, "team"),
                name, "").name() + "” created.");
    }

    @PostMapping("/app/projects/{id}/edit")
    String editProject(@PathVariable("id") String project, @RequestParam("name") String name,
                       @RequestParam(name = "description", required = false) @Nullable String description,
                       RedirectAttributes redirect) {
        return attempt(redirect, TEAMS, () -> "Project “" + org.updateProject(Ids.parseOrNotFound(project,
                "project"), name, description).name() + "” saved.");
    }

    @PostMapping("/app/projects/{id}/delete")
    String deleteProject(@PathVariable("id") String project, RedirectAttributes redirect) {
        return attempt(redirect, TEAMS, () -> {
            UUID id = Ids.parseOrNotFound(project, "project");
            String name = org.project(id).name();
            org.deleteProject(id);
            return "Project “" + name + "” deleted.";
        });
    }

    @PostMapping("/app/projects/{id}/agents")
    String createAgent(@PathVariable("id") String project, @RequestParam("name") String name,
                       RedirectAttributes redirect) {
        return attempt(redirect, TEAMS, () -> "Agent “" + org.createAgent(Ids.parseOrNotFound(project, "project"),
                name, "").name() + "” created. Issue it an API key on the API keys page.");
    }

    @PostMapping("/app/agents/{id}/status")
    String setStatus(@PathVariable("id") String agent, @RequestParam("status") String status,
                     @RequestParam(name = "back", required = false) @Nullable String back,
                     RedirectAttributes redirect) {
        UUID id = Ids.parseOrNotFound(agent, "agent");
        return attempt(redirect, "agent".equals(back) ? AgentPageController.redirectTo(id) : TEAMS, () -> {
            var changed = org.setAgentStatus(id, status);
            return "Agent “" + changed.name() + "” is "
                    + (changed.status().equals("ACTIVE") ? "enabled." : "disabled; its keys are refused.");
        });
    }

    /** Runs the action and flashes its message, or the refusal when the input or the current state is in the way. */
    static String attempt(RedirectAttributes redirect, String target, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return target;
    }
}
