package io.tollgate.budgets.internal.leases;

import java.util.UUID;

import io.tollgate.identity.AgentId;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.PrefixedId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An agent's lease page: who holds its lease now (epoch, instance, expiry) and its lease policy, which the people
 * who manage the agent's budgets can change. Who may do what is decided by {@link LeaseService}.
 */
@Controller
class LeaseConsoleController {

    private final LeaseService leases;

    LeaseConsoleController(LeaseService leases) {
        this.leases = leases;
    }

    @GetMapping("/app/agents/{id}/lease")
    String page(@PathVariable("id") UUID id, Model model) {
        LeaseService.PolicyView view = leases.policy(new AgentId(id));
        return render(model, id, view, LeasePolicyFormData.of(view.policy()), null);
    }

    @PostMapping("/app/agents/{id}/lease")
    String save(@PathVariable("id") UUID id, @ModelAttribute("policyForm") LeasePolicyFormData form, Model model,
                RedirectAttributes redirect) {
        AgentId agent = new AgentId(id);
        BindingResult errors = new BeanPropertyBindingResult(form, "policyForm");
        Integer ttl = form.ttl();
        if (ttl == null) {
            errors.rejectValue("defaultTtlSeconds", "invalid", "Give the default TTL as a whole number of seconds, "
                    + LeasePolicy.MIN_TTL_SECONDS + " to " + LeasePolicy.MAX_TTL_SECONDS + ".");
        } else {
            try {
                LeaseService.PolicyView saved = leases.updatePolicy(agent, form.getVersion(), form.isLeasesRequired(),
                        ttl);
                redirect.addFlashAttribute("notice", saved.policy().leasesRequired()
                        ? "Leases are now required: this agent's reservations without a live lease epoch are refused."
                        : "Leases are now optional for this agent.");
                return "redirect:/app/agents/" + id + "/lease";
            } catch (InvalidInputException e) {
                e.problems().forEach(p -> errors.rejectValue("defaultTtlSeconds", "invalid",
                        "Give a default TTL from " + LeasePolicy.MIN_TTL_SECONDS + " to "
                                + LeasePolicy.MAX_TTL_SECONDS + " seconds."));
            } catch (PreconditionFailedException e) {
                errors.reject("stale", "Someone changed this policy since you opened the page. Review it as it is "
                        + "now and save again.");
                LeaseService.PolicyView now = leases.policy(agent);
                form.setVersion(now.policy().version());
            }
        }
        return render(model, id, leases.policy(agent), form, errors);
    }

    private String render(Model model, UUID id, LeaseService.PolicyView view, LeasePolicyFormData form,
                          @Nullable BindingResult errors) {
        model.addAttribute("agentId", id);
        model.addAttribute("apiId", PrefixedId.format("agt", id));
        model.addAttribute("lease", view.lease());
        model.addAttribute("policy", view.policy());
        model.addAttribute("mayChange", leases.mayChangePolicy(new AgentId(id)));
        model.addAttribute("policyForm", form);
        if (errors != null) {
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "policyForm", errors);
        }
        return "budgets/lease";
    }
}
