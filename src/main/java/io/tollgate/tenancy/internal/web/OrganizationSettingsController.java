package io.tollgate.tenancy.internal.web;

import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.tenancy.internal.OrganizationService;
import io.tollgate.tenancy.internal.Views.OrganizationView;
import io.tollgate.tenancy.internal.web.FormData.OrganizationSettingsFormData;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Organisation settings: its name and time zone (budget periods follow the time zone). */
@Controller
class OrganizationSettingsController {

    private final OrganizationService organizations;

    OrganizationSettingsController(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @GetMapping("/app/settings/organization")
    String show(Model model) {
        OrganizationView current = organizations.current();
        OrganizationSettingsFormData form = new OrganizationSettingsFormData();
        form.setName(current.name());
        form.setTimeZone(current.timeZone());
        form.setVersion(current.version());
        model.addAttribute("form", form);
        return page(current, model);
    }

    @PostMapping("/app/settings/organization")
    String update(@Valid @ModelAttribute("form") OrganizationSettingsFormData form, BindingResult result,
                  Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                organizations.update(form.getName(), form.getTimeZone(), form.getVersion());
                redirect.addFlashAttribute("notice", "Organisation settings saved.");
                return "redirect:/app/settings/organization";
            } catch (PreconditionFailedException e) {
                result.reject("stale", e.getMessage());
            }
        }
        return page(organizations.current(), model);
    }

    private String page(OrganizationView current, Model model) {
        model.addAttribute("organization", current);
        model.addAttribute("timeZones", PublicPagesController.TIME_ZONES);
        return "tenancy/organization-settings";
    }
}
