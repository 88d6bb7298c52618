package io.tollgate.identity.internal.keys;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiScope;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's API keys page: issue (the secret is shown once, on the answer page), rotate, revoke. */
@Controller
class ApiKeysController {

    static final int PAGE_SIZE = 25;
    static final int[] OVERLAP_HOURS = {0, 1, 24, 72, 168};

    private final ApiKeyService keys;

    ApiKeysController(ApiKeyService keys) {
        this.keys = keys;
    }

    @GetMapping("/app/api-keys")
    String list(@RequestParam(name = "agent", required = false) @Nullable String agent,
                @RequestParam(name = "cursor", required = false) @Nullable String cursor, Model model) {
        var form = new ApiKeyFormData();
        // An unticked checkbox sends nothing, so the suggested scopes are set here, not as the form's defaults.
        form.setScopes(new java.util.ArrayList<>(java.util.List.of("reservations:write", "usage:write")));
        model.addAttribute("form", form);
        return page(agent, cursor, model);
    }

    @PostMapping("/app/api-keys")
    String create(@Valid @ModelAttribute("form") ApiKeyFormData form, BindingResult result, Model model,
                  HttpServletResponse response) {
        if (!result.hasErrors()) {
            try {
                var issued = keys.create(new ApiKeyService.NewApiKey(
                        new AgentId(Ids.parseOrNotFound(form.getAgentId(), "agent")), form.getName(),
                        scopes(form), form.getExpiresOn() == null ? null
                                : form.getExpiresOn().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                        form.cidrList()));
                return issued(issued, "Key issued.", model, response);
            } catch (InvalidInputException e) {
                result.rejectValue(formField(e.field()), "invalid", e.getMessage());
            } catch (ConflictException e) {
                result.reject("conflict", e.getMessage());
            } catch (AccessDeniedException e) {
                result.rejectValue("scopes", "forbidden", e.getMessage());
            }
        }
        return page(null, null, model);
    }

    @PostMapping("/app/api-keys/{id}/rotate")
    String rotate(@PathVariable("id") String id, @RequestParam(name = "overlapHours", defaultValue = "24") int hours,
                  Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            var issued = keys.rotate(Ids.parseOrNotFound(id, "API key"), Duration.ofHours(hours));
            return issued(issued, hours == 0 ? "Key rotated; the old key no longer works."
                    : "Key rotated; the old key keeps working for " + hours + " hour" + (hours == 1 ? "" : "s") + ".",
                    model, response);
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/app/api-keys";
        }
    }

    @PostMapping("/app/api-keys/{id}/revoke")
    String revoke(@PathVariable("id") String id, RedirectAttributes redirect) {
        ApiKeyRecord revoked = keys.revoke(Ids.parseOrNotFound(id, "API key"));
        redirect.addFlashAttribute("notice", "Key \"" + revoked.name() + "\" (" + revoked.displayId()
                + ") is revoked; calls with it are refused from now on.");
        return "redirect:/app/api-keys";
    }

    private String issued(ApiKeyService.IssuedApiKey issued, String message, Model model,
                          HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("issued", issued);
        model.addAttribute("message", message);
        return "identity/api-key-issued";
    }

    private String page(@Nullable String agent, @Nullable String cursor, Model model) {
        AgentId agentFilter = agent == null || agent.isBlank() ? null : new AgentId(Ids.parseOrNotFound(agent, "agent"));
        UUID after = cursor == null || cursor.isBlank() ? null : Ids.parseOrNotFound(cursor, "cursor");
        model.addAttribute("keys", keys.list(agentFilter, after, PAGE_SIZE));
        model.addAttribute("agents", keys.issuableAgents());
        model.addAttribute("agentFilter", agent);
        model.addAttribute("scopes", ApiScope.values());
        model.addAttribute("overlapHours", OVERLAP_HOURS);
        model.addAttribute("now", java.time.Instant.now());
        return "identity/api-keys";
    }

    private static Set<ApiScope> scopes(ApiKeyFormData form) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String value : form.getScopes()) {
            scopes.add(ApiScope.fromValue(value).orElseThrow(() -> new InvalidInputException("scopes",
                    "\"" + value + "\" is not a scope.")));
        }
        return scopes;
    }

    private static String formField(String apiField) {
        return switch (apiField) {
            case "agent_id" -> "agentId";
            case "expires_at" -> "expiresOn";
            case "allowed_cidrs" -> "allowedCidrs";
            default -> apiField;
        };
    }
}
