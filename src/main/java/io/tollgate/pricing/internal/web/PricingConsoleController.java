package io.tollgate.pricing.internal.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.internal.OverrideDocuments.Format;
import io.tollgate.pricing.internal.PriceStore;
import io.tollgate.pricing.internal.Prices;
import io.tollgate.pricing.internal.PricingService;
import io.tollgate.pricing.internal.PricingSettings;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
 * The console's "Pricing" page: the effective price book (filtered, paged), the organisation's overrides with an
 * add form and deletes that confirm, the unknown-model settings, and import (pasted CSV or YAML: uploads are off)
 * and export. Who may read or change what is decided by {@link PricingService}.
 */
@Controller
class PricingConsoleController {

    static final int PAGE_SIZE = 50;
    static final int OVERRIDES_SHOWN = 200;
    static final int MAX_PASTED = 256 * 1024;
    static final String PAGE = "redirect:/app/pricing";

    private final PricingService pricing;

    PricingConsoleController(PricingService pricing) {
        this.pricing = pricing;
    }

    /** A row of the overrides table, with the API id shown to people. */
    record OverrideRow(PriceStore.Override override, String apiId) {
    }

    /** One problem of an import, for the list under the import form. */
    record ImportProblem(@Nullable Integer line, String field, String message) {
    }

    /** The whole page, or only the price table when htmx asks for it (the filter form and the pager do). */
    @GetMapping("/app/pricing")
    String page(@ModelAttribute("filter") PriceFilterFormData filter, Model model, HtmxRequest htmx) {
        addPrices(filter, model);
        if (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) {
            return "pricing/pricing :: prices";
        }
        return render(model, new OverrideFormData(), null, null, null);
    }

    @PostMapping("/app/pricing/overrides")
    String add(@ModelAttribute("overrideForm") OverrideFormData form, Model model, RedirectAttributes redirect) {
        pricing.checkMayChangePrices();
        BindingResult errors = new BeanPropertyBindingResult(form, "overrideForm");
        try {
            PriceStore.Override created = pricing.createOverride(PricingService.toOverride(form.fields()));
            redirect.addFlashAttribute("notice", "From " + created.effectiveFrom() + ", "
                    + created.model().provider() + "/" + created.model().model() + " "
                    + created.priceClass().apiName() + " costs " + Prices.plain(created.usd()) + " USD per "
                    + created.priceClass().unit() + " for this organisation.");
            return PAGE;
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> errors.rejectValue(OverrideFormData.formField(p.field()), "invalid",
                    p.message()));
        } catch (ConflictException e) {
            errors.rejectValue(OverrideFormData.formField(e.field()), "conflict", e.getMessage());
        }
        addPrices(new PriceFilterFormData(), model);
        return render(model, form, errors, null, null);
    }

    @PostMapping("/app/pricing/overrides/{id}/delete")
    String delete(@PathVariable("id") String id, RedirectAttributes redirect) {
        PriceStore.Override deleted = pricing.deleteOverride(Ids.parseOrNotFound(id, "price override"));
        redirect.addFlashAttribute("notice", "The override of " + deleted.model().provider() + "/"
                + deleted.model().model() + " " + deleted.priceClass().apiName() + " from " + deleted.effectiveFrom()
                + " is deleted.");
        return PAGE;
    }

    @PostMapping("/app/pricing/settings")
    String settings(@ModelAttribute("settingsForm") SettingsFormData form, Model model, RedirectAttributes redirect) {
        pricing.checkMayChangePrices();
        BindingResult errors = new BeanPropertyBindingResult(form, "settingsForm");
        try {
            PricingSettings.UnknownModelPolicy policy = switch (form.getPolicy()) {
                case "DENY" -> PricingSettings.UnknownModelPolicy.DENY;
                case "FALLBACK" -> PricingSettings.UnknownModelPolicy.FALLBACK;
                default -> throw new InvalidInputException("policy", "Choose deny or fallback.");
            };
            PricingSettings saved = pricing.updateSettings(policy, form.convertedRates(), form.getVersion());
            redirect.addFlashAttribute("notice", saved.policy() == PricingSettings.UnknownModelPolicy.DENY
                    ? "Usage of models without a price is now denied."
                    : "Usage of models without a price is now priced at the fallback rates and flagged.");
            return PAGE;
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> errors.rejectValue(settingsField(p.field()), "invalid", p.message()));
        } catch (PreconditionFailedException e) {
            errors.reject("stale", e.getMessage());
        }
        addPrices(new PriceFilterFormData(), model);
        return render(model, new OverrideFormData(), null, form, errors);
    }

    @PostMapping("/app/pricing/import")
    String importOverrides(@RequestParam(name = "format", defaultValue = "csv") String format,
                           @RequestParam(name = "document", defaultValue = "") String document, Model model,
                           RedirectAttributes redirect) {
        pricing.checkMayChangePrices();
        try {
            if (document.length() > MAX_PASTED) {
                throw new InvalidInputException("document", "Paste at most 256 KB; import larger files through the API.");
            }
            PricingService.ImportResult result = pricing.importOverrides(Format.of(format), document);
            redirect.addFlashAttribute("notice", result.created().size() + " "
                    + (result.created().size() == 1 ? "override" : "overrides") + " imported"
                    + (result.skippedDefaults() > 0 ? "; " + result.skippedDefaults() + " default rows skipped." : "."));
            return PAGE;
        } catch (InvalidInputException e) {
            model.addAttribute("importSummary", e.summarised() ? e.getMessage() : "Nothing was imported.");
            model.addAttribute("importProblems", e.problems().stream()
                    .map(p -> new ImportProblem(p.line(), p.field(), p.message())).toList());
        }
        model.addAttribute("importFormat", format.toLowerCase(Locale.ROOT));
        model.addAttribute("importDocument", document);
        addPrices(new PriceFilterFormData(), model);
        return render(model, new OverrideFormData(), null, null, null);
    }

    @GetMapping("/app/pricing/export.{format:csv|yaml}")
    void export(@PathVariable("format") String format, @RequestParam(name = "at", required = false) @Nullable String at,
                @RequestParam(name = "origin", required = false) @Nullable String origin,
                HttpServletResponse response) throws IOException {
        Format chosen = Format.of(format);
        LocalDate on = at == null || at.isBlank() ? pricing.today() : Prices.date("at", at);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        pricing.export(on, PricingApiController.origin(origin), chosen, out);
        out.flush();
        response.setContentType(chosen.mediaType() + "; charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("price-book-" + on + "." + chosen.extension()).build().toString());
        response.getOutputStream().write(bytes.toByteArray());
    }

    private void addPrices(PriceFilterFormData filter, Model model) {
        model.addAttribute("filter", filter);
        try {
            LocalDate on = filter.day(pricing.today());
            var page = pricing.prices(on, filter.providerOrNull(), null, filter.modelTextOrNull(),
                    PricesCursor.parse(filter.getCursor()), PAGE_SIZE);
            model.addAttribute("prices", page.items());
            model.addAttribute("pricedOn", on);
            model.addAttribute("version", pricing.versionInForce(on));
            model.addAttribute("nextLink", page.next() == null ? null
                    : filter.link("/app/pricing", PricesCursor.of(page.next())));
            model.addAttribute("firstLink", filter.getCursor().isEmpty() ? null : filter.link("/app/pricing", null));
            model.addAttribute("csvLink", "/app/pricing/export.csv?at=" + on);
            model.addAttribute("yamlLink", "/app/pricing/export.yaml?at=" + on);
            model.addAttribute("overridesCsvLink", "/app/pricing/export.csv?origin=override&at=" + on);
        } catch (InvalidInputException e) {
            // Ask anyway with no filter, so whether the page is refused never depends on what was typed.
            pricing.prices(pricing.today(), null, null, null, null, 1);
            model.addAttribute("filterError", e.getMessage());
        }
    }

    private String render(Model model, OverrideFormData overrideForm, @Nullable BindingResult overrideErrors,
                          @Nullable SettingsFormData settingsForm, @Nullable BindingResult settingsErrors) {
        PricingService.Page<PriceStore.Override, java.util.UUID> overrides =
                pricing.overrides(null, null, null, OVERRIDES_SHOWN);
        model.addAttribute("overrides", overrides.items().stream()
                .map(o -> new OverrideRow(o, Prices.overrideId(o.id()))).toList());
        model.addAttribute("moreOverrides", overrides.next() != null);
        PricingSettings settings = pricing.settings();
        model.addAttribute("settings", settings);
        model.addAttribute("overrideForm", overrideForm);
        if (overrideErrors != null) {
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "overrideForm", overrideErrors);
        }
        model.addAttribute("settingsForm", settingsForm == null ? SettingsFormData.of(settings) : settingsForm);
        if (settingsErrors != null) {
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "settingsForm", settingsErrors);
        }
        model.addAttribute("priceClasses", List.of(PriceClass.values()));
        if (!model.containsAttribute("importFormat")) {
            model.addAttribute("importFormat", "csv");
            model.addAttribute("importDocument", "");
        }
        return "pricing/pricing";
    }

    private static String settingsField(String apiField) {
        if (apiField.startsWith("fallback_rates.")) {
            return "rates[" + apiField.substring("fallback_rates.".length()) + "]";
        }
        return "policy";
    }
}
