package io.tollgate.budgets.internal.ledger;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.platform.IdempotentRequests;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
import io.tollgate.platform.PrefixedId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Refunds, credits and corrections ({@code adj_…}), made by OWNER or ADMIN with a reason; see docs/adjustments.md. */
@RestController
@Validated
@Tag(name = "Adjustments and disputes")
class AdjustmentsApiController {

    private final AdjustmentService service;
    private final IdempotentRequests idempotency;

    AdjustmentsApiController(AdjustmentService service, IdempotentRequests idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    record AdjustmentRequest(@NotBlank(message = "Use refund, credit or correction.") String kind,
                             @NotBlank(message = "Give amount_usd, e.g. \"1.25\".") String amountUsd,
                             @NotBlank(message = "Say why; the reason is kept in the audit trail.")
                             @Size(max = 1000, message = "At most 1000 characters.") String reason,
                             @Nullable String usageLineId, @Nullable String budgetId) {
    }

    record AdjustmentBody(String id, String kind, String amountUsd, String reason, @Nullable String usageLineId,
                          @Nullable String budgetId, @Nullable String disputeId,
                          @io.swagger.v3.oas.annotations.media.Schema(description = DisputesApiController.ACTOR)
                          String createdBy, Instant createdAt) {

        static AdjustmentBody of(Adjustment a) {
            return new AdjustmentBody(PrefixedId.format(AdjustmentService.PREFIX, a.id()),
                    a.kind().name().toLowerCase(Locale.ROOT), new Money(a.delta()).toUsdString(), a.reason(),
                    a.usageLine() == null ? null : PrefixedId.format("use", a.usageLine()),
                    a.budget() == null ? null : PrefixedId.format("bud", a.budget()),
                    a.dispute() == null ? null : PrefixedId.format(DisputeService.PREFIX, a.dispute()),
                    a.createdBy(), a.createdAt());
        }
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "AdjustmentPage")
    record Page(List<AdjustmentBody> data, @Nullable String nextCursor) {
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Booked", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = AdjustmentBody.class)))
    @Operation(operationId = "createAdjustment", summary = "Refund or correct a usage line, or credit a budget",
            description = "refund: a usage line, amount_usd > 0 comes off its spend. credit: a budget, amount_usd > 0 "
                    + "comes off its current window's spend. correction: a usage line, amount_usd signed (\"-0.40\" "
                    + "or \"0.40\"). Errors: 422 adjustment-exceeds-line, 409 adjustment-exceeds-spend, 404 for an "
                    + "unknown line or budget. Idempotency-Key as for reservations.")
    @PostMapping(path = "/v1/adjustments", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
                    examples = @io.swagger.v3.oas.annotations.media.ExampleObject(value = "{\"kind\":\"refund\",\"amount_usd\":\"0.40\",\"reason\":\"Provider credited a failed batch (ticket 8812)\",\"usage_line_id\":\"use_01933b2a4c7e7f0a8d2b6c1e5f4a3b2c\"}")))
                              @Valid @RequestBody AdjustmentRequest body,
                             @RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String key) {
        AdjustmentService.Request request = request(body);
        return idempotency.run("POST /v1/adjustments", key, body, () -> {
            AdjustmentBody made = AdjustmentBody.of(service.adjust(request));
            return ResponseEntity.created(URI.create("/v1/adjustments/" + made.id())).body(made);
        });
    }

    @Operation(operationId = "getAdjustment", summary = "One adjustment")
    @GetMapping(path = "/v1/adjustments/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    AdjustmentBody get(@PathVariable("id") String id) {
        return AdjustmentBody.of(service.get(PrefixedId.parse(AdjustmentService.PREFIX, id, "adjustment")));
    }

    @Operation(operationId = "listAdjustments", summary = "Adjustments, newest first, optionally of one usage line or budget")
    @GetMapping(path = "/v1/adjustments", produces = MediaType.APPLICATION_JSON_VALUE)
    Page list(@RequestParam(name = "usage_line_id", required = false) @Nullable String usageLineId,
              @RequestParam(name = "budget_id", required = false) @Nullable String budgetId,
              @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
              @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        UUID before = cursor == null || cursor.isBlank() ? null
                : PrefixedId.parse(AdjustmentService.PREFIX, cursor, "cursor");
        List<Adjustment> found = service.page(
                usageLineId == null ? null : PrefixedId.parse("use", usageLineId, "usage line"),
                budgetId == null ? null : PrefixedId.parse("bud", budgetId, "budget"), before, limit + 1);
        List<AdjustmentBody> data = found.stream().limit(limit).map(AdjustmentBody::of).toList();
        return new Page(data, found.size() > limit ? data.getLast().id() : null);
    }

    /** Checks and converts what a person asked for; the console's forms use it too. */
    static AdjustmentService.Request request(AdjustmentRequest body) {
        Adjustment.Kind kind = kind(body.kind());
        Money amount;
        try {
            amount = Money.ofSignedUsd(body.amountUsd());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("amount_usd", e.getMessage());
        }
        if (amount.nanos() == 0 || Math.abs(amount.nanos()) > Money.ofUsd("1000000").nanos()) {
            throw new InvalidInputException("amount_usd", "Use a non-zero amount of at most 1000000 USD.");
        }
        if (kind != Adjustment.Kind.CORRECTION && amount.isNegative()) {
            throw new InvalidInputException("amount_usd",
                    "Give a refund or credit as a positive amount; it comes off the spend.");
        }
        boolean onBudget = kind == Adjustment.Kind.CREDIT;
        String needed = onBudget ? "budget_id" : "usage_line_id";
        String given = onBudget ? body.budgetId() : body.usageLineId();
        String other = onBudget ? body.usageLineId() : body.budgetId();
        if (given == null || given.isBlank() || other != null) {
            throw new InvalidInputException(needed, "A " + kind.name().toLowerCase(Locale.ROOT) + " names "
                    + needed + " and nothing else" + (onBudget ? "." : "; credit a budget with kind credit."));
        }
        long delta = kind == Adjustment.Kind.CORRECTION ? amount.nanos() : -amount.nanos();
        return new AdjustmentService.Request(kind, delta, body.reason(),
                onBudget ? null : PrefixedId.parse("use", given, "usage line"),
                onBudget ? PrefixedId.parse("bud", given, "budget") : null);
    }

    private static Adjustment.Kind kind(String kind) {
        try {
            return Adjustment.Kind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("kind", "Use refund, credit or correction.");
        }
    }
}
