package io.tollgate.identity.internal.org;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tollgate.identity.internal.TeamPermissions;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's "Teams" page: the whole structure (teams → projects → agents) on one page, with the forms each
 * person may use. Bad input comes back as a readable message above the structure.
 */
@Controller
class OrgStructureController {

    static final int LIMIT = 200;

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
        model.addAttribute("teams", teams);
        model.addAttribute("projects", projects);
        model.addAttribute("agents", agents);
        model.addAttribute("administers", permissions.administersTenant());
        model.addAttribute("managedTeams", permissions.administersTenant()
                ? teams.stream().map(OrgStore.Team::id).toList()
                : permissions.administeredTeams().stream().map(team -> team.value()).toList());
        return "identity/teams";
    }

    @PostMapping("/app/teams")
    String createTeam(@RequestParam("name") String name, RedirectAttributes redirect) {
        return attempt(redirect, () -> "Team “" + org.createTeam(name, "").name() + "” created.");
    }

    @PostMapping("/app/teams/{id}/projects")
    String createProject(@PathVariable("id") String team, @RequestParam("name") String name,
                         RedirectAttributes redirect) {
        return attempt(redirect, () -> "Project “" + org.createProject(Ids.parseOrNotFound(team, "team"), name, "")
                .name() + "” created.");
    }

    @PostMapping("/app/projects/{id}/agents")
    String createAgent(@PathVariable("id") String project, @RequestParam("name") String name,
                       RedirectAttributes redirect) {
        return attempt(redirect, () -> "Agent “" + org.createAgent(Ids.parseOrNotFound(project, "project"), name, "")
                .name() + "” created. Issue it an API key on the API keys page.");
    }

    @PostMapping("/app/agents/{id}/status")
    String setStatus(@PathVariable("id") String agent, @RequestParam("status") String status,
                     RedirectAttributes redirect) {
        return attempt(redirect, () -> {
            var changed = org.setAgentStatus(Ids.parseOrNotFound(agent, "agent"), status);
            return "Agent “" + changed.name() + "” is "
                    + (changed.status().equals("ACTIVE") ? "enabled." : "disabled; its keys are refused.");
        });
    }

    private static String attempt(RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/app/teams";
    }
}
