package io.tollgate.audit.internal.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.tollgate.audit.AuditQuery;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.AuditTrail;
import io.tollgate.audit.AuditTrail.ExportFormat;
import io.tollgate.platform.Ids;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log of the current organisation: filter, page, verify the chain, export, and one event in full. Who
 * may read it is decided by {@link AuditTrail}; a refusal there is the page's 403.
 */
@Controller
class AuditController {

    static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** One changed field; a null side is shown as "none" (a field that was added or removed). */
    record ChangeRow(String field, @Nullable String before, @Nullable String after) {
    }

    private final AuditTrail trail;
    private final JsonMapper json;
    private final Clock clock;

    AuditController(AuditTrail trail, JsonMapper json, Clock clock) {
        this.trail = trail;
        this.json = json;
        this.clock = clock;
    }

    /** The whole page, or only the results region when htmx asks for it (the filter form and the pager do). */
    @GetMapping("/app/audit")
    String log(@Valid @ModelAttribute("filter") AuditFilterFormData filter, BindingResult result, Model model,
               HtmxRequest htmx) {
        AuditQuery query = filter.toQuery(result);
        Long before = filter.before(result);
        if (query != null && !result.hasErrors()) {
            AuditTrail.Page page = trail.page(query, before, PAGE_SIZE);
            model.addAttribute("events", page);
            model.addAttribute("olderLink", page.nextBefore() == null ? null
                    : filter.link("/app/audit", page.nextBefore()));
            model.addAttribute("newestLink", before == null ? null : filter.link("/app/audit", null));
            model.addAttribute("csvLink", filter.link("/app/audit/export.csv", null));
            model.addAttribute("jsonlLink", filter.link("/app/audit/export.jsonl", null));
        } else {
            // Ask the trail anyway, so whether the page is refused never depends on what was typed.
            trail.page(AuditQuery.ALL, null, 1);
        }
        if (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) {
            return "audit/log :: results";
        }
        return "audit/log";
    }

    /** Walks the chain. From htmx, answers with the status panel; without JavaScript, back to the page. */
    @PostMapping("/app/audit/verify")
    String verify(Model model, HtmxRequest htmx, RedirectAttributes redirect) {
        ChainStatus status = ChainStatus.of(trail.verify());
        if (htmx.isHtmxRequest()) {
            model.addAttribute("chain", status);
            return "audit/log :: chain-status";
        }
        redirect.addFlashAttribute("chain", status);
        return "redirect:/app/audit";
    }

    /**
     * The matching events, oldest first, streamed as they are read. Filters that do not convert send the person to
     * the page, which says why.
     */
    @GetMapping("/app/audit/export.{format:csv|jsonl}")
    void export(@PathVariable("format") String format, @Valid @ModelAttribute("filter") AuditFilterFormData filter,
                BindingResult result, HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuditQuery query = filter.toQuery(result);
        if (query == null || result.hasErrors()) {
            response.sendRedirect(request.getContextPath() + filter.link("/app/audit", null));
            return;
        }
        ExportFormat exportFormat = format.equals("csv") ? ExportFormat.CSV : ExportFormat.JSONL;
        String filename = "audit-" + FILE_STAMP.format(clock.instant()) + "." + format;
        response.setContentType(exportFormat == ExportFormat.CSV ? "text/csv; charset=UTF-8" : "application/x-ndjson");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(filename).build().toString());
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
            trail.export(query, exportFormat, out);
            out.flush();
        } catch (RuntimeException e) {
            // Refused or failed before anything was sent: drop the attachment headers so the error page shows.
            if (!response.isCommitted()) {
                response.reset();
            }
            throw e;
        }
    }

    @GetMapping("/app/audit/{id}")
    String event(@PathVariable("id") String id, Model model) {
        AuditRecord event = trail.get(Ids.parseOrNotFound(id, "audit event"));
        model.addAttribute("event", event);
        model.addAttribute("changes", changeRows(event.changes()));
        if (event.targetId() != null) {
            AuditFilterFormData sameTarget = new AuditFilterFormData();
            sameTarget.setTargetType(event.targetType());
            sameTarget.setTargetId(event.targetId());
            model.addAttribute("targetLink", sameTarget.link("/app/audit", null));
        }
        if (event.actorId() != null) {
            AuditFilterFormData sameActor = new AuditFilterFormData();
            sameActor.setActor(event.actorId());
            model.addAttribute("actorLink", sameActor.link("/app/audit", null));
        }
        return "audit/event";
    }

    /** The stored {@code {"field":{"after":…,"before":…}}} as rows; null when it is not shaped like that. */
    @Nullable List<ChangeRow> changeRows(String changes) {
        JsonNode root;
        try {
            root = json.readTree(changes);
        } catch (JacksonException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        List<ChangeRow> rows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode pair = field.getValue();
            if (pair.isObject() && (pair.has("before") || pair.has("after"))) {
                rows.add(new ChangeRow(field.getKey(), text(pair.get("before")), text(pair.get("after"))));
            } else {
                rows.add(new ChangeRow(field.getKey(), null, text(pair)));
            }
        }
        return rows;
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isString() ? node.asString() : node.toString();
    }
}
