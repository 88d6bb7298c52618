package io.tollgate.budgets.internal.ledger;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

/** Usage lines ({@code use_…}) and the disputes on them ({@code dsp_…}). */
@RestController
@Validated
@Tag(name = "Adjustments and disputes")
class DisputesApiController {

    private final UsageLineService lines;
    private final DisputeService disputes;
    private final IdempotentRequests idempotency;

    DisputesApiController(UsageLineService lines, DisputeService disputes, IdempotentRequests idempotency) {
        this.lines = lines;
        this.disputes = disputes;
        this.idempotency = idempotency;
    }

    record UsageLineBody(String id, @Nullable String reservationId, String agentId, String provider, String model,
                         Map<String, Long> usage, String stage, @Nullable String estimatedUsd, String reportedUsd,
                         String adjustmentsUsd, String netUsd, boolean noReservation, List<String> priceFlags,
                         Instant occurredAt, Instant createdAt) {

        static UsageLineBody of(UsageLineService.View view) {
            UsageLine l = view.line();
            return new UsageLineBody(PrefixedId.format("use", l.id()),
                    l.reservation() == null ? null : PrefixedId.format(ReservationsApiController.PREFIX,
                            l.reservation()), PrefixedId.format("agt", l.agent()), l.provider(), l.model(), l.usage(),
                    l.stage().toLowerCase(Locale.ROOT), l.estimated() == null ? null
                    : new Money(l.estimated()).toUsdString(), new Money(l.reported()).toUsdString(),
                    new Money(view.adjustments()).toUsdString(), new Money(view.net()).toUsdString(),
                    l.noReservation(), l.priceFlags(), l.occurredAt(), l.createdAt());
        }
    }

    record OpenBody(@NotBlank(message = "Say what is wrong with this line.")
                    @Size(max = 1000, message = "At most 1000 characters.") String reason) {
    }

    record ResolveBody(@NotBlank(message = "Use upheld or rejected.") String outcome,
                       @NotBlank(message = "Say how it was resolved.")
                       @Size(max = 1000, message = "At most 1000 characters.") String resolution,
                       @Nullable String refundUsd) {
    }

    static final String ACTOR = "Who acted: usr_… for a person (their account), agt_… for an agent (ADR 0050)";

    record DisputeBody(String id, String usageLineId, String state, String reason,
                       @io.swagger.v3.oas.annotations.media.Schema(description = ACTOR) String openedBy, Instant openedAt,
                       @Nullable String outcome, @Nullable String resolution,
                       @io.swagger.v3.oas.annotations.media.Schema(description = ACTOR) @Nullable String resolvedBy,
                       @Nullable Instant resolvedAt, @Nullable String adjustmentId) {

        static DisputeBody of(Dispute d) {
            return new DisputeBody(PrefixedId.format(DisputeService.PREFIX, d.id()), PrefixedId.format("use",
                    d.usageLine()), d.state().name().toLowerCase(Locale.ROOT), d.reason(), d.openedBy(), d.openedAt(),
                    d.outcome() == null ? null : d.outcome().name().toLowerCase(Locale.ROOT), d.resolution(),
                    d.resolvedBy(), d.resolvedAt(),
                    d.adjustment() == null ? null : PrefixedId.format(AdjustmentService.PREFIX, d.adjustment()));
        }
    }

    record Page<T>(List<T> data, @Nullable String nextCursor) {
    }

    @Operation(operationId = "listUsageLines", summary = "Usage lines, newest first, with their cost after adjustments")
    @GetMapping(path = "/v1/usage-lines", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<UsageLineBody> lines(@RequestParam(name = "agent_id", required = false) @Nullable String agentId,
                              @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
                              @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        List<UsageLineService.View> found = lines.page(
                agentId == null ? null : PrefixedId.parse("agt", agentId, "agent"), before("use", cursor),
                limit + 1);
        List<UsageLineBody> data = found.stream().limit(limit).map(UsageLineBody::of).toList();
        return new Page<>(data, found.size() > limit ? data.getLast().id() : null);
    }

    @Operation(operationId = "getUsageLine", summary = "One usage line with its cost after adjustments")
    @GetMapping(path = "/v1/usage-lines/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    UsageLineBody line(@PathVariable("id") String id) {
        return UsageLineBody.of(lines.get(PrefixedId.parse("use", id, "usage line")));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Opened", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = DisputeBody.class)))
    @Operation(operationId = "openDispute", summary = "Dispute a usage line (OWNER, ADMIN, ANALYST); 409 dispute-already-open if one is open")
    @PostMapping(path = "/v1/usage-lines/{id}/disputes", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> open(@PathVariable("id") String id, @Valid @RequestBody OpenBody body,
                           @RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String key) {
        UUID line = PrefixedId.parse("use", id, "usage line");
        return idempotency.run("POST /v1/usage-lines/" + id + "/disputes", key, body, () -> {
            DisputeBody opened = DisputeBody.of(disputes.open(line, body.reason()));
            return ResponseEntity.created(URI.create("/v1/disputes/" + opened.id())).body(opened);
        });
    }

    @Operation(operationId = "listDisputes", summary = "Disputes, newest first; filter by state (open, resolved) or usage line")
    @GetMapping(path = "/v1/disputes", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<DisputeBody> disputes(@RequestParam(name = "state", required = false) @Nullable String state,
                               @RequestParam(name = "usage_line_id", required = false) @Nullable String usageLineId,
                               @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
                               @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        List<Dispute> found = disputes.page(state(state),
                usageLineId == null ? null : PrefixedId.parse("use", usageLineId, "usage line"),
                before(DisputeService.PREFIX, cursor), limit + 1);
        List<DisputeBody> data = found.stream().limit(limit).map(DisputeBody::of).toList();
        return new Page<>(data, found.size() > limit ? data.getLast().id() : null);
    }

    @Operation(operationId = "getDispute", summary = "One dispute")
    @GetMapping(path = "/v1/disputes/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    DisputeBody dispute(@PathVariable("id") String id) {
        return DisputeBody.of(disputes.get(PrefixedId.parse(DisputeService.PREFIX, id, "dispute")));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Resolved", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = DisputeBody.class)))
    @Operation(operationId = "resolveDispute", summary = "Resolve an open dispute (OWNER, ADMIN): upheld, optionally with a refund, or rejected",
            description = "refund_usd only with outcome upheld; the refund is an adjustment of the disputed line in "
                    + "the same transaction. 409 dispute-not-open when resolved already.")
    @PostMapping(path = "/v1/disputes/{id}/resolve", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> resolve(@PathVariable("id") String id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
                    examples = @io.swagger.v3.oas.annotations.media.ExampleObject(value = "{\"outcome\":\"upheld\",\"resolution\":\"The invoice shows 0.60 USD\",\"refund_usd\":\"0.40\"}")))
                              @Valid @RequestBody ResolveBody body,
                              @RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String key) {
        UUID dispute = PrefixedId.parse(DisputeService.PREFIX, id, "dispute");
        Dispute.Outcome outcome = outcome(body.outcome());
        Long refund = refund(body.refundUsd(), outcome);
        return idempotency.run("POST /v1/disputes/" + id + "/resolve", key, body, () -> ResponseEntity.ok(
                DisputeBody.of(disputes.resolve(dispute, outcome, body.resolution(), refund))));
    }

    static @Nullable Long refund(@Nullable String usd, Dispute.Outcome outcome) {
        if (usd == null) {
            return null;
        }
        if (outcome != Dispute.Outcome.UPHELD) {
            throw new InvalidInputException("refund_usd", "Only an upheld dispute can refund.");
        }
        Money refund = ReservationsApiController.cost(usd, "refund_usd");
        if (refund == null || refund.nanos() == 0) {
            throw new InvalidInputException("refund_usd", "Give a positive amount, or leave refund_usd out.");
        }
        return refund.nanos();
    }

    static Dispute.Outcome outcome(String outcome) {
        try {
            return Dispute.Outcome.valueOf(outcome.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("outcome", "Use upheld or rejected.");
        }
    }

    private static Dispute.@Nullable State state(@Nullable String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return Dispute.State.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("state", "Use open or resolved.");
        }
    }

    private static @Nullable UUID before(String prefix, @Nullable String cursor) {
        return cursor == null || cursor.isBlank() ? null : PrefixedId.parse(prefix, cursor, "cursor");
    }
}
