package io.tollgate.audit.internal.retention;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PreconditionFailedException;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Audit retention and legal hold (owners only: the service refuses everyone else, which answers 403). */
@Controller
class RetentionSettingsController {

    static final String PATH = "/app/audit/retention";

    private final RetentionSettingsService settings;

    RetentionSettingsController(RetentionSettingsService settings) {
        this.settings = settings;
    }

    @GetMapping(PATH)
    String show(Model model) {
        RetentionViews.Overview overview = settings.overview();
        RetentionFormData form = new RetentionFormData();
        form.setRetentionDays(String.valueOf(overview.settings().retentionDays()));
        form.setLegalHold(overview.settings().legalHold());
        form.setVersion(overview.settings().version());
        model.addAttribute("form", form);
        return page(overview, model);
    }

    @PostMapping(PATH)
    String update(@Valid @ModelAttribute("form") RetentionFormData form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        RetentionViews.Overview overview = settings.overview();
        if (!result.hasErrors()) {
            try {
                settings.update(form.days(), form.isLegalHold(), form.getVersion());
                redirect.addFlashAttribute("notice", "Audit retention settings saved.");
                return "redirect:" + PATH;
            } catch (InvalidInputException e) {
                result.rejectValue(e.field(), "invalid", e.getMessage());
            } catch (PreconditionFailedException e) {
                result.reject("stale", e.getMessage());
            }
        }
        return page(overview, model);
    }

    private static String page(RetentionViews.Overview overview, Model model) {
        model.addAttribute("overview", overview);
        return "audit/retention";
    }
}
