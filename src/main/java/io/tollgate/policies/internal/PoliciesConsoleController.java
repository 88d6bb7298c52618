package io.tollgate.policies.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.RuleOutcome;
import io.tollgate.policies.internal.engine.ContextSchema;
import io.tollgate.policies.internal.engine.StarterTemplates;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's policies: the draft's rules with their matches in the last 24 hours, the rule editor (context
 * reference, starter templates, live validation, a test against a recorded reservation), the publish dialog
 * (diagnostics, conflicts and a 7-day simulation before the button) and the version history with diff and rollback.
 * Who may do what is {@link PolicyService}'s.
 */
@Controller
class PoliciesConsoleController {

    static final int SIMULATION_DAYS = 7;
    static final int VERSIONS_SHOWN = 20;

    private final PolicyService policies;

    PoliciesConsoleController(PolicyService policies) {
        this.policies = policies;
    }

    record RuleRow(String id, UUID uuid, String name, String scope, String effect, boolean enabled, long matches) {
    }

    record ExplainedRule(String id, String name, String effect, String status, @Nullable String error) {
    }

    @GetMapping("/app/policies")
    String list(Model model) {
        PolicyService.Draft draft = policies.draft();
        Map<String, Long> matches = policies.matchesLastDay();
        model.addAttribute("rules", draft.rules().stream().map(r -> new RuleRow(r.rule().id(), r.uuid(),
                r.rule().name(), scope(r), lower(r.rule().effect()), r.rule().enabled(),
                matches.getOrDefault(r.rule().id(), 0L))).toList());
        model.addAttribute("versions", policies.versions(null, VERSIONS_SHOWN));
        model.addAttribute("mayManage", policies.mayManageSome());
        model.addAttribute("mayPublish", policies.mayPublish());
        return "policies/policies";
    }

    @GetMapping("/app/policies/rules/new")
    String newRule(@RequestParam(name = "template", required = false) @Nullable String template, Model model) {
        requireMayManage();
        RuleFormData form = new RuleFormData();
        StarterTemplates.all().stream().filter(t -> t.key().equals(template)).findFirst().ifPresent(t -> {
            form.setName(t.title());
            form.setDescription(t.description());
            form.setCondition(t.condition());
            form.setEffect(lower(t.effect()));
            form.setApprovalTier(t.approvalTier());
        });
        return editor(model, form, null, null);
    }

    @PostMapping("/app/policies/rules")
    String create(@ModelAttribute("ruleForm") RuleFormData form, Model model, RedirectAttributes redirect) {
        requireMayManage();
        BindingResult errors = new BeanPropertyBindingResult(form, "ruleForm");
        try {
            StoredRule created = policies.create(form.toRule());
            redirect.addFlashAttribute("notice", "The rule “" + created.rule().name() + "” is in the draft. Publish"
                    + " the draft to make it decide.");
            return "redirect:/app/policies";
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> errors.rejectValue(RuleFormData.formField(p.field()), "invalid", p.message()));
        } catch (ApiProblemException e) {
            errors.reject("refused", e.getMessage());
        }
        return editor(model, form, errors, null);
    }

    @GetMapping("/app/policies/rules/{id}")
    String edit(@PathVariable("id") String id, Model model) {
        requireMayManage();
        StoredRule rule = policies.ruleForChange(ruleId(id));
        return editor(model, RuleFormData.of(rule), null, rule);
    }

    @PostMapping("/app/policies/rules/{id}")
    String update(@PathVariable("id") String id, @ModelAttribute("ruleForm") RuleFormData form, Model model,
                  RedirectAttributes redirect) {
        requireMayManage();
        UUID ruleId = ruleId(id);
        StoredRule current = policies.ruleForChange(ruleId);
        BindingResult errors = new BeanPropertyBindingResult(form, "ruleForm");
        try {
            StoredRule saved = policies.update(ruleId, form.getVersion(), form.toRule());
            redirect.addFlashAttribute("notice", "The rule “" + saved.rule().name() + "” is saved in the draft.");
            return "redirect:/app/policies";
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> errors.rejectValue(RuleFormData.formField(p.field()), "invalid", p.message()));
        } catch (PreconditionFailedException e) {
            RuleFormData fresh = RuleFormData.of(current);
            BindingResult stale = new BeanPropertyBindingResult(fresh, "ruleForm");
            stale.reject("stale", "Someone changed this rule after you opened it, so your changes were not saved. The"
                    + " form shows the saved rule: make your changes again.");
            return editor(model, fresh, stale, current);
        }
        return editor(model, form, errors, current);
    }

    @PostMapping("/app/policies/rules/{id}/delete")
    String delete(@PathVariable("id") String id, RedirectAttributes redirect) {
        requireMayManage();
        policies.delete(ruleId(id), null);
        redirect.addFlashAttribute("notice", "The rule is removed from the draft.");
        return "redirect:/app/policies";
    }

    /** Live validation of the condition being typed (htmx, debounced): the diagnostics fragment. */
    @PostMapping("/app/policies/check")
    String check(@ModelAttribute("ruleForm") RuleFormData form, Model model) {
        List<Engine.Diagnostic> diagnostics;
        try {
            diagnostics = policies.check(form.toRule());
        } catch (InvalidInputException e) {
            diagnostics = e.problems().stream().map(p -> new Engine.Diagnostic(null, 0, 0, "invalid_field",
                    p.message())).toList();
        }
        model.addAttribute("diagnostics", diagnostics);
        model.addAttribute("checked", true);
        return "policies/editor :: check";
    }

    /** The draft against a recorded reservation's context: every rule's outcome (htmx fragment). */
    @PostMapping("/app/policies/test")
    String test(@RequestParam("reservationId") String reservationId, Model model) {
        try {
            PolicyService.Evaluation e = policies.evaluateRecorded(PolicyService.Source.DRAFT, reservationId.strip());
            model.addAttribute("verdict", lower(e.decision().verdict()));
            model.addAttribute("explained", explained(e.rules()));
        } catch (NotFoundException e) {
            model.addAttribute("testError", "No recorded decision for " + reservationId.strip() + ".");
        } catch (InvalidInputException e) {
            model.addAttribute("testError", "The draft does not compile yet: " + e.getMessage());
        }
        return "policies/editor :: test-result";
    }

    /** The publish dialog: what would be published, what is wrong with it, and what it would change. */
    @GetMapping("/app/policies/publish")
    String publishDialog(Model model) {
        PolicyService.Validation validation = policies.validate();
        model.addAttribute("validation", validation);
        model.addAttribute("ruleCount", policies.draft().rules().size());
        if (validation.valid()) {
            model.addAttribute("simulation", policies.simulate(PolicyService.Source.DRAFT, SIMULATION_DAYS));
        }
        model.addAttribute("simulationDays", SIMULATION_DAYS);
        model.addAttribute("mayPublish", policies.mayPublish());
        return "policies/publish";
    }

    @PostMapping("/app/policies/publish")
    String publish(@RequestParam("draftVersion") long draftVersion,
                   @RequestParam(name = "note", defaultValue = "") String note,
                   @RequestParam(name = "acknowledgeConflicts", defaultValue = "false") boolean acknowledge,
                   RedirectAttributes redirect) {
        try {
            BundleVersion version = policies.publish(draftVersion, note.strip(), acknowledge);
            redirect.addFlashAttribute("notice", "Published bundle v" + version.number() + ". It decides from now on.");
            return "redirect:/app/policies/versions/" + version.number();
        } catch (PreconditionFailedException e) {
            redirect.addFlashAttribute("error", "The draft changed while you looked at it; check it again.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "The draft does not compile: " + e.getMessage());
        } catch (ApiProblemException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/app/policies/publish";
    }

    @GetMapping("/app/policies/versions/{number}")
    String version(@PathVariable("number") long number, Model model) {
        BundleVersion version = policies.version(number);
        model.addAttribute("version", version);
        model.addAttribute("diff", number > 1 ? policies.diff(number - 1, number).rules()
                : PolicyService.diff(List.of(), version.rules()));
        model.addAttribute("mayPublish", policies.mayPublish());
        return "policies/version";
    }

    @PostMapping("/app/policies/versions/{number}/rollback")
    String rollback(@PathVariable("number") long number, RedirectAttributes redirect) {
        BundleVersion version = policies.rollback(number, "");
        redirect.addFlashAttribute("notice", "Published bundle v" + version.number() + ", equal to v" + number + ".");
        return "redirect:/app/policies/versions/" + version.number();
    }

    private String editor(Model model, RuleFormData form, @Nullable BindingResult errors, @Nullable StoredRule editing) {
        model.addAttribute("ruleForm", form);
        if (errors != null) {
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "ruleForm", errors);
        }
        model.addAttribute("editing", editing);
        model.addAttribute("formTitle", editing == null ? "New rule" : "Edit rule");
        model.addAttribute("fields", ContextSchema.fields());
        model.addAttribute("templates", StarterTemplates.all());
        return "policies/editor";
    }

    private void requireMayManage() {
        if (!policies.mayManageSome()) {
            throw new AccessDeniedException("Only owners, admins and team admins edit policy rules.");
        }
    }

    static List<ExplainedRule> explained(List<RuleOutcome> outcomes) {
        List<ExplainedRule> rows = new ArrayList<>();
        for (RuleOutcome o : outcomes) {
            rows.add(new ExplainedRule(o.ruleId(), o.ruleName(), lower(o.effect()),
                    lower(o.status()).replace('_', ' '), o.error()));
        }
        return rows;
    }

    private static String scope(StoredRule r) {
        String kind = lower(r.rule().scope().kind()).replace('_', ' ');
        return r.rule().scope().target() == null ? "Organisation" : kind + " " + r.rule().scope().target();
    }

    private static UUID ruleId(String id) {
        return PrefixedId.parse(StoredRule.PREFIX, id, "policy rule");
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    static String verdict(PolicyDecision decision) {
        return lower(decision.verdict());
    }
}
