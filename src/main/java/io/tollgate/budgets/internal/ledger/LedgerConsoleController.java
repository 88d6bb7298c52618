package io.tollgate.budgets.internal.ledger;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
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
 * The console's "Usage & disputes" pages: usage lines with their cost after adjustments, disputes, refunds,
 * corrections and credits, and the ledger verification runs. Who may do what is decided by the services; a refused
 * or invalid change comes back as a readable message above the page and changes nothing.
 */
@Controller
class LedgerConsoleController {

    static final int PAGE_SIZE = 50;
    static final int SHOWN = 20;
    static final int MAX_TEXT = 1000;
    static final String LEDGER = "/app/ledger";

    private final UsageLineService lines;
    private final AdjustmentService adjustments;
    private final DisputeService disputes;
    private final LedgerVerifier verifier;

    LedgerConsoleController(UsageLineService lines, AdjustmentService adjustments, DisputeService disputes,
                            LedgerVerifier verifier) {
        this.lines = lines;
        this.adjustments = adjustments;
        this.disputes = disputes;
        this.verifier = verifier;
    }

    /** A usage line as the tables show it. */
    record LineRow(String id, UsageLineService.View view, String agent, String reported, String net,
                   @Nullable String reservation) {

        static LineRow of(UsageLineService.View view) {
            UsageLine line = view.line();
            return new LineRow(PrefixedId.format("use", line.id()), view, PrefixedId.format("agt", line.agent()),
                    new Money(line.reported()).toUsdString(), new Money(view.net()).toUsdString(),
                    line.reservation() == null ? null : PrefixedId.format("rsv", line.reservation()));
        }
    }

    record AdjustmentRow(String id, Adjustment adjustment, String amount, @Nullable String usageLine,
                         @Nullable String budget) {

        static AdjustmentRow of(Adjustment a) {
            return new AdjustmentRow(PrefixedId.format(AdjustmentService.PREFIX, a.id()), a,
                    new Money(a.delta()).toUsdString(),
                    a.usageLine() == null ? null : PrefixedId.format("use", a.usageLine()),
                    a.budget() == null ? null : PrefixedId.format("bud", a.budget()));
        }
    }

    record DisputeRow(String id, Dispute dispute, String usageLine) {

        static DisputeRow of(Dispute d) {
            return new DisputeRow(PrefixedId.format(DisputeService.PREFIX, d.id()), d,
                    PrefixedId.format("use", d.usageLine()));
        }
    }

    @GetMapping(LEDGER)
    String overview(@RequestParam(name = "cursor", required = false) @Nullable String cursor, Model model) {
        UUID before = cursor == null || cursor.isBlank() ? null : PrefixedId.parse("use", cursor, "cursor");
        List<UsageLineService.View> found = lines.page(null, before, PAGE_SIZE + 1);
        List<LineRow> rows = found.stream().limit(PAGE_SIZE).map(LineRow::of).toList();
        model.addAttribute("lines", rows);
        model.addAttribute("nextCursor", found.size() > PAGE_SIZE ? rows.getLast().id() : null);
        model.addAttribute("firstPage", before == null);
        model.addAttribute("openDisputes", disputes.page(Dispute.State.OPEN, null, null, PAGE_SIZE).stream()
                .map(DisputeRow::of).toList());
        model.addAttribute("adjustments", adjustments.page(null, null, null, SHOWN).stream()
                .map(AdjustmentRow::of).toList());
        model.addAttribute("verifications", verifier.page(null, 5));
        return "budgets/ledger";
    }

    @GetMapping(LEDGER + "/lines/{id}")
    String line(@PathVariable("id") String id, Model model) {
        UUID line = PrefixedId.parse("use", id, "usage line");
        model.addAttribute("line", LineRow.of(lines.get(line)));
        model.addAttribute("adjustments", adjustments.page(line, null, null, 200).stream()
                .map(AdjustmentRow::of).toList());
        List<DisputeRow> all = disputes.page(null, line, null, 200).stream().map(DisputeRow::of).toList();
        model.addAttribute("disputes", all);
        model.addAttribute("openDispute", all.stream()
                .filter(d -> d.dispute().state() == Dispute.State.OPEN).findFirst().orElse(null));
        return "budgets/usage-line";
    }

    @PostMapping(LEDGER + "/lines/{id}/disputes")
    String openDispute(@PathVariable("id") String id, @RequestParam(name = "reason", defaultValue = "") String reason,
                       RedirectAttributes redirect) {
        UUID line = PrefixedId.parse("use", id, "usage line");
        return attempt(redirect, linePage(line), () -> {
            disputes.open(line, text(reason, "reason", "Say what is wrong with this line."));
            return "A dispute on this line is open.";
        });
    }

    @PostMapping(LEDGER + "/lines/{id}/adjustments")
    String adjustLine(@PathVariable("id") String id, @RequestParam(name = "kind", defaultValue = "") String kind,
                      @RequestParam(name = "amount", defaultValue = "") String amount,
                      @RequestParam(name = "reason", defaultValue = "") String reason, RedirectAttributes redirect) {
        UUID line = PrefixedId.parse("use", id, "usage line");
        return attempt(redirect, linePage(line), () -> {
            if (kind.equalsIgnoreCase("credit")) {
                throw new InvalidInputException("kind", "Credit a budget from the Usage & disputes page.");
            }
            Adjustment made = adjustments.adjust(AdjustmentsApiController.request(
                    new AdjustmentsApiController.AdjustmentRequest(kind, amount,
                            text(reason, "reason", "Say why; the reason is kept in the audit trail."),
                            PrefixedId.format("use", line), null)));
            return describe(made) + " is booked.";
        });
    }

    @PostMapping(LEDGER + "/disputes/{id}/resolve")
    String resolve(@PathVariable("id") String id, @RequestParam(name = "outcome", defaultValue = "") String outcome,
                   @RequestParam(name = "resolution", defaultValue = "") String resolution,
                   @RequestParam(name = "refund", defaultValue = "") String refund, RedirectAttributes redirect) {
        UUID dispute = PrefixedId.parse(DisputeService.PREFIX, id, "dispute");
        Dispute found = disputes.get(dispute);
        return attempt(redirect, linePage(found.usageLine()), () -> {
            Dispute.Outcome chosen = DisputesApiController.outcome(outcome);
            Long amount = DisputesApiController.refund(refund.isBlank() ? null : refund, chosen);
            Dispute resolved = disputes.resolve(dispute, chosen,
                    text(resolution, "resolution", "Say how it was resolved."), amount);
            return "The dispute is resolved as " + resolved.outcome().name().toLowerCase(Locale.ROOT)
                    + (amount == null ? "." : "; " + new Money(amount).toUsdString() + " USD refunded.");
        });
    }

    @PostMapping(LEDGER + "/credits")
    String credit(@RequestParam(name = "budget", defaultValue = "") String budget,
                  @RequestParam(name = "amount", defaultValue = "") String amount,
                  @RequestParam(name = "reason", defaultValue = "") String reason, RedirectAttributes redirect) {
        return attempt(redirect, "redirect:" + LEDGER, () -> {
            if (budget.isBlank()) {
                throw new InvalidInputException("budget_id", "Give the budget's id (bud_…) from its page.");
            }
            Adjustment made = adjustments.adjust(AdjustmentsApiController.request(
                    new AdjustmentsApiController.AdjustmentRequest("credit", amount,
                            text(reason, "reason", "Say why; the reason is kept in the audit trail."), null,
                            budget.strip())));
            return describe(made) + " is booked.";
        });
    }

    @PostMapping(LEDGER + "/verifications")
    String verify(RedirectAttributes redirect) {
        LedgerVerification run = verifier.verifyNow();
        if (run.mismatches().isEmpty()) {
            redirect.addFlashAttribute("notice", "All " + run.windowsChecked()
                    + " budget windows match their ledger entries.");
        } else {
            redirect.addFlashAttribute("error", run.mismatches().size() + " of " + run.windowsChecked()
                    + " budget windows differ from their ledger entries; see docs/runbooks/operations.md (Ledger drift).");
        }
        return "redirect:" + LEDGER;
    }

    private static String attempt(RedirectAttributes redirect, String target, java.util.function.Supplier<String> change) {
        try {
            redirect.addFlashAttribute("notice", change.get());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "Nothing was changed: " + e.problems().getFirst().message());
        } catch (ApiProblemException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return target;
    }

    private static String text(String value, String field, String whenMissing) {
        if (value.isBlank()) {
            throw new InvalidInputException(field, whenMissing);
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidInputException(field, "At most " + MAX_TEXT + " characters.");
        }
        return value;
    }

    private static String describe(Adjustment made) {
        String kind = made.kind().name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " of "
                + new Money(made.delta()).toUsdString() + " USD";
    }

    private static String linePage(UUID line) {
        return "redirect:" + LEDGER + "/lines/" + PrefixedId.format("use", line);
    }
}
