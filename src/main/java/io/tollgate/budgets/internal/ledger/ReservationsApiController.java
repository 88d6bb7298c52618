package io.tollgate.budgets.internal.ledger;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.budgets.ReservationState;
import io.tollgate.platform.IdempotentRequests;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
import io.tollgate.platform.PrefixedId;
import io.tollgate.pricing.Usage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

/**
 * Reservations ({@code rsv_…}) and usage reported without one. Every POST takes an {@code Idempotency-Key}
 * (DESIGN §6). See docs/reservations.md for the lifecycle.
 */
@RestController
@Validated
@Tag(name = "Reservations")
class ReservationsApiController {

    static final String PREFIX = "rsv";
    private static final String RESERVED_EXAMPLE = """
            {"id":"rsv_01933b2a4c7e7f0a8d2b6c1e5f4a3b2c","state":"active","decision":"ALLOWED",
             "agent_id":"agt_01933b2a...","provider":"openai","model":"gpt-4o-mini","estimated_cost_usd":"0.00042",
             "held_usd":"0.00042","budgets":[{"budget_id":"bud_0193...","name":"Agent daily","scope_type":"agent",
             "period":"daily","hard":true,"limit_usd":"10.00","remaining_usd":"9.99958"}],"reasons":[],
             "price_book_version":"2026-11-01","expires_at":"2026-12-01T10:10:00Z"}""";
    private static final int DEFAULT_TTL_SECONDS = 600;

    private final ReservationService service;
    private final IdempotentRequests idempotency;

    ReservationsApiController(ReservationService service, IdempotentRequests idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ReservationUsage")
    record UsageBody(@Nullable Long inputTokens, @Nullable Long outputTokens, @Nullable Long cachedInputReadTokens,
                     @Nullable Long cacheWriteTokens, @Nullable Long requests, @Nullable Long images,
                     @Nullable Long audioSeconds) {

        Usage toUsage() {
            return new Usage(n(inputTokens), n(outputTokens), n(cachedInputReadTokens), n(cacheWriteTokens),
                    n(requests), n(images), n(audioSeconds));
        }

        private static long n(@Nullable Long value) {
            return value == null ? 0 : value;
        }
    }

    record ReserveBody(@NotBlank(message = "Name the provider, e.g. openai.") @Size(max = 64) String provider,
                       @NotBlank(message = "Name the model, e.g. gpt-4o-mini.") @Size(max = 128) String model,
                       @Nullable @Valid UsageBody estimatedUsage,
                       @Nullable String estimatedCostUsd,
                       @Nullable @Min(value = 1, message = "Use 1 to 86400 seconds.")
                       @Max(value = 86_400, message = "Use 1 to 86400 seconds (24 hours).") Integer ttlSeconds,
                       @Nullable @Size(max = 20, message = "At most 20 tags.") Map<String, String> tags,
                       @Nullable @Min(value = 0, message = "A lease epoch is never negative.") Long leaseEpoch) {
    }

    record CommitBody(@Nullable @Valid UsageBody actualUsage, @Nullable String actualCostUsd,
                      @Nullable @Min(value = 0, message = "A lease epoch is never negative.") Long leaseEpoch) {
    }

    record ExtendBody(@NotNull(message = "Give ttl_seconds.") @Min(value = 1, message = "Use 1 to 86400 seconds.")
                      @Max(value = 86_400, message = "Use 1 to 86400 seconds (24 hours).") Integer ttlSeconds) {
    }

    record ReasonBody(String code, @Nullable String budgetId, String message) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ReservationBudget")
    record BudgetBody(String budgetId, String name, String scopeType, String period, boolean hard, String limitUsd,
                      String remainingUsd) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ReservationPolicyRule")
    record PolicyRuleBody(String id, String name,
                          @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"deny", "require_approval",
                                  "monitor"}) String effect,
                          @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"matched", "error"})
                          String status, @Nullable String error) {
    }

    /** How policies decided: the bundle version (0: none published) and the rules that matched or failed. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ReservationPolicy")
    record PolicyBody(long bundleVersion, List<PolicyRuleBody> rules, @Nullable String explanation) {

        static @Nullable PolicyBody of(Reservation r) {
            if (r.policyVersion() == null) {
                return null;
            }
            PolicyStamp stamp = new PolicyStamp(r.policyVersion(), io.tollgate.policies.PolicyDecision.Verdict.ALLOW,
                    null, r.policyRules(), null);
            return new PolicyBody(r.policyVersion(), r.policyRules().stream().map(o -> new PolicyRuleBody(o.ruleId(),
                    o.ruleName(), lower(o.effect().name()), lower(o.status().name()), o.error())).toList(),
                    stamp.explanation());
        }
    }

    record ReservationBody(String id,
                           @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"pending_approval", "active",
                                   "committed", "released", "expired", "denied"}) String state,
                           @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"ALLOWED", "DENIED",
                                   "REQUIRE_APPROVAL"}) String decision, String agentId, String projectId, String teamId,
                           String provider, String model, @Nullable Map<String, Long> estimatedUsage,
                           String estimatedCostUsd, String heldUsd, @Nullable Map<String, Long> actualUsage,
                           @Nullable String actualCostUsd, String overrunUsd, boolean lateCommit,
                           List<BudgetBody> budgets, List<ReasonBody> reasons, @Nullable String priceBookVersion,
                           List<String> priceFlags, Map<String, String> tags, @Nullable Long leaseEpoch,
                           int ttlSeconds, @Nullable Instant expiresAt, Instant createdAt,
                           @Nullable Instant finishedAt, @Nullable PolicyBody policy) {

        static ReservationBody of(ReservationService.View view) {
            Reservation r = view.reservation();
            return new ReservationBody(PrefixedId.format(PREFIX, r.id()), lower(r.state().name()),
                    r.state() == ReservationState.DENIED ? "DENIED"
                            : r.state() == ReservationState.PENDING_APPROVAL ? "REQUIRE_APPROVAL" : "ALLOWED",
                    PrefixedId.format("agt", r.agent()), PrefixedId.format("prj", r.project()),
                    PrefixedId.format("team", r.team()), r.provider(), r.model(),
                    r.estimatedUsage() == null ? null : UsageJson.toMap(r.estimatedUsage()),
                    new Money(r.estimated()).toUsdString(), new Money(r.held()).toUsdString(),
                    r.actualUsage() == null ? null : UsageJson.toMap(r.actualUsage()),
                    r.actual() == null ? null : new Money(r.actual()).toUsdString(),
                    new Money(r.overrun()).toUsdString(), r.lateCommit(),
                    view.budgets().stream().map(t -> new BudgetBody(PrefixedId.format("bud", t.budget()), t.name(),
                            lower(t.scopeType()), lower(t.period()), t.hard(), t.limit().toUsdString(),
                            t.remaining().toUsdString())).toList(),
                    r.reasons().stream().map(x -> new ReasonBody(x.code(), x.budgetId(), x.message())).toList(),
                    r.priceVersion(), r.priceFlags(), r.tags(), r.leaseEpoch(), r.ttlSeconds(), r.expiresAt(),
                    r.createdAt(), r.finishedAt(), PolicyBody.of(r));
        }
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ReservationPage")
    record Page(List<ReservationBody> data, @Nullable String nextCursor) {
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Decided (ALLOWED or DENIED)",
            content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media
                    .Schema(implementation = ReservationBody.class), examples = @io.swagger.v3.oas.annotations.media
                    .ExampleObject(value = RESERVED_EXAMPLE)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "Invalid fields, "
            + "unknown-model, or idempotency-key-reused")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", description = "idempotency-key-in-flight")
    @Operation(operationId = "reserve", summary = "Reserve: hold the estimated cost in every budget of the calling agent's chain, or none",
            description = "201 with decision ALLOWED (state active) or DENIED (state denied, reasons name each "
                    + "budget). Idempotency-Key: same key and body replays; another body 422; in flight 409.")
    @PostMapping(path = "/v1/reservations", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> reserve(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
                    examples = @io.swagger.v3.oas.annotations.media.ExampleObject(value = "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_usage\":{\"input_tokens\":1200,\"output_tokens\":400},\"ttl_seconds\":600,\"tags\":{\"run\":\"nightly-42\"},\"lease_epoch\":7}")))
                              @Valid @RequestBody ReserveBody body,
                              @Parameter(description = "1–255 visible ASCII characters; kept 48 hours")
                              @RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String key) {
        ReservationService.ReserveRequest request = new ReservationService.ReserveRequest(body.provider().strip(),
                body.model().strip(), usage(body.estimatedUsage(), "estimated_usage"),
                cost(body.estimatedCostUsd(), "estimated_cost_usd"),
                body.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : body.ttlSeconds(), tags(body.tags()),
                body.leaseEpoch());
        requireOne(request.estimate(), request.estimatedCost(), "estimated_usage", "estimated_cost_usd");
        return idempotency.run("POST /v1/reservations", key, body, () -> {
            ReservationBody created = ReservationBody.of(service.reserve(request));
            return ResponseEntity.created(URI.create("/v1/reservations/" + created.id())).body(created);
        });
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Committed", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ReservationBody.class)))
    @Operation(operationId = "commitReservation", summary = "Commit what was really used; more than held is booked as an overrun")
    @PostMapping(path = "/v1/reservations/{id}/commit", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> commit(@PathVariable("id") String id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
                    examples = @io.swagger.v3.oas.annotations.media.ExampleObject(value = "{\"actual_usage\":{\"input_tokens\":1180,\"output_tokens\":512}}")))
                              @Valid @RequestBody CommitBody body,
                             @RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String key) {
        UUID reservation = PrefixedId.parse(PREFIX, id, "reservation");
        ReservationService.Actual actual = new ReservationService.Actual(usage(body.actualUsage(), "actual_usage"),
                cost(body.actualCostUsd(), "actual_cost_usd"));
        requireOne(actual.usage(), actual.cost(), "actual_usage", "actual_cost_usd");
        return idempotency.run("POST /v1/reservations/" + id + "/commit", key, body,
                () -> ResponseEntity.ok(ReservationBody.of(service.commit(reservation, actual,
                        body.leaseEpoch()))));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Released", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ReservationBody.class)))
    @Operation(operationId = "releaseReservation", summary = "Release the hold without spending")
    @PostMapping(path = "/v1/reservations/{id}/release", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> release(@PathVariable("id") String id,
                              @RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String key) {
        UUID reservation = PrefixedId.parse(PREFIX, id, "reservation");
        return idempotency.run("POST /v1/reservations/" + id + "/release", key, null,
                () -> ResponseEntity.ok(ReservationBody.of(service.release(reservation))));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Extended", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ReservationBody.class)))
    @Operation(operationId = "extendReservation", summary = "Extend the hold: expires ttl_seconds from now, never beyond 24 hours after creation")
    @PostMapping(path = "/v1/reservations/{id}/extend", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> extend(@PathVariable("id") String id, @Valid @RequestBody ExtendBody body,
                             @RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String key) {
        UUID reservation = PrefixedId.parse(PREFIX, id, "reservation");
        return idempotency.run("POST /v1/reservations/" + id + "/extend", key, body,
                () -> ResponseEntity.ok(ReservationBody.of(service.extend(reservation, body.ttlSeconds()))));
    }

    @Operation(operationId = "getReservation", summary = "One reservation, with each budget it touched and what remains")
    @GetMapping(path = "/v1/reservations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ReservationBody get(@PathVariable("id") String id) {
        return ReservationBody.of(service.get(PrefixedId.parse(PREFIX, id, "reservation")));
    }

    @Operation(operationId = "listReservations", summary = "Reservations, newest first; an agent's write-only key sees its own")
    @GetMapping(path = "/v1/reservations", produces = MediaType.APPLICATION_JSON_VALUE)
    Page list(@RequestParam(name = "agent_id", required = false) @Nullable String agentId,
              @RequestParam(name = "state", required = false) @Nullable String state,
              @RequestParam(name = "model", required = false) @Nullable String model,
              @RequestParam(name = "from", required = false) @Nullable Instant from,
              @RequestParam(name = "to", required = false) @Nullable Instant to,
              @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
              @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        ReservationStore.Filter filter = new ReservationStore.Filter(
                agentId == null ? null : PrefixedId.parse("agt", agentId, "agent"), state(state), model, from, to);
        UUID before = cursor == null || cursor.isBlank() ? null : PrefixedId.parse(PREFIX, cursor, "cursor");
        List<ReservationService.View> views = service.page(filter, before, limit + 1);
        List<ReservationBody> data = views.stream().limit(limit).map(ReservationBody::of).toList();
        return new Page(data, views.size() > limit ? data.getLast().id() : null);
    }

    static @Nullable Usage usage(@Nullable UsageBody body, String field) {
        if (body == null) {
            return null;
        }
        try {
            return body.toUsage();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field + "." + e.problems().getFirst().field(),
                    e.problems().getFirst().message());
        }
    }

    static @Nullable Money cost(@Nullable String usd, String field) {
        if (usd == null) {
            return null;
        }
        Money money;
        try {
            money = Money.ofUsd(usd);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
        if (money.isNegative() || money.compareTo(Money.ofUsd("1000000")) > 0) {
            throw new InvalidInputException(field, "Use an amount from 0 to 1000000 USD.");
        }
        return money;
    }

    static void requireOne(@Nullable Object a, @Nullable Object b, String nameA, String nameB) {
        if ((a == null) == (b == null)) {
            throw new InvalidInputException(nameA, "Give either " + nameA + " or " + nameB + ", not both or neither.");
        }
    }

    private static Map<String, String> tags(@Nullable Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        tags.forEach((k, v) -> {
            if (k.isBlank() || k.length() > 64 || v == null || v.length() > 256) {
                throw new InvalidInputException("tags", "Tag keys are 1–64 characters, values at most 256.");
            }
        });
        return Map.copyOf(tags);
    }

    private static @Nullable ReservationState state(@Nullable String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return ReservationState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("state",
                    "Use pending_approval, active, committed, released, expired or denied.");
        }
    }

    private static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
