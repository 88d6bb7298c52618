package io.tollgate.identity.internal.org;

import java.time.Instant;
import java.util.UUID;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.TeamId;
import io.tollgate.identity.internal.TeamPermissions;
import io.tollgate.identity.internal.keys.ApiKeyService;
import io.tollgate.platform.Ids;
import io.tollgate.platform.PrefixedId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One agent in the console: where it sits, its status and, for whoever manages its team, its API keys and the
 * edit and delete forms. Every member may look (as in the API); another tenant's agent is "not found".
 */
@Controller
class AgentPageController {

    static final int KEYS_SHOWN = 25;

    private final OrgService org;
    private final ApiKeyService keys;
    private final TeamPermissions permissions;

    AgentPageController(OrgService org, ApiKeyService keys, TeamPermissions permissions) {
        this.org = org;
        this.keys = keys;
        this.permissions = permissions;
    }

    static String redirectTo(UUID agent) {
        return "redirect:/app/agents/" + agent;
    }

    @GetMapping("/app/agents/{id}")
    String page(@PathVariable("id") String id, Model model) {
        OrgStore.Agent agent = org.agent(Ids.parseOrNotFound(id, "agent"));
        OrgStore.Project project = org.project(agent.projectId());
        boolean manages = permissions.canManage(new TeamId(agent.teamId()));
        model.addAttribute("agent", agent);
        model.addAttribute("apiId", PrefixedId.format(OrgApiController.AGENT, agent.id()));
        model.addAttribute("project", project);
        model.addAttribute("team", org.team(agent.teamId()));
        model.addAttribute("manages", manages);
        model.addAttribute("keys", manages ? keys.list(new AgentId(agent.id()), null, KEYS_SHOWN) : null);
        model.addAttribute("now", Instant.now());
        return "identity/agent";
    }

    @PostMapping("/app/agents/{id}/edit")
    String edit(@PathVariable("id") String id, @RequestParam("name") String name,
                @RequestParam(name = "description", required = false) @Nullable String description,
                RedirectAttributes redirect) {
        UUID agent = Ids.parseOrNotFound(id, "agent");
        return OrgStructureController.attempt(redirect, redirectTo(agent), () -> "Agent “"
                + org.updateAgent(agent, name, description, null).name() + "” saved.");
    }

    @PostMapping("/app/agents/{id}/delete")
    String delete(@PathVariable("id") String id, RedirectAttributes redirect) {
        UUID agent = Ids.parseOrNotFound(id, "agent");
        return OrgStructureController.attempt(redirect, OrgStructureController.TEAMS, () -> {
            String name = org.agent(agent).name();
            org.deleteAgent(agent);
            return "Agent “" + name + "” deleted; its API keys are revoked.";
        });
    }
}
