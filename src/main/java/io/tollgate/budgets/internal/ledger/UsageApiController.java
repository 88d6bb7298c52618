package io.tollgate.budgets.internal.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.platform.IdempotentRequests;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PrefixedId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Usage reported without a reservation (post-paid agents): booked as REPORTED and flagged {@code no_reservation}. */
@RestController
@Tag(name = "Reservations")
class UsageApiController {

    private static final Duration MAX_AGE = Duration.ofDays(35);

    private final ReservationService service;
    private final IdempotentRequests idempotency;
    private final Clock clock;

    UsageApiController(ReservationService service, IdempotentRequests idempotency, Clock clock) {
        this.service = service;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    record UsageReport(@NotBlank(message = "Name the provider, e.g. openai.") @Size(max = 64) String provider,
                       @NotBlank(message = "Name the model, e.g. gpt-4o-mini.") @Size(max = 128) String model,
                       ReservationsApiController.@Nullable @Valid UsageBody usage,
                       @Nullable String costUsd,
                       @Nullable Instant occurredAt) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ReportedUsageLine")
    record UsageLineBody(String id, String stage, boolean noReservation, String provider, String model,
                         @Nullable Map<String, Long> usage, String costUsd, Instant occurredAt) {
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Recorded, flagged no_reservation", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = UsageLineBody.class)))
    @Operation(operationId = "reportUsage", summary = "Report usage that had no reservation (post-paid agents)",
            description = "Booked against every budget of the agent's chain as spent (what a hard budget has no room "
                    + "for is booked as overrun) and flagged no_reservation for reconciliation.")
    @PostMapping(path = "/v1/usage", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> report(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
                    examples = @io.swagger.v3.oas.annotations.media.ExampleObject(value = "{\"provider\":\"anthropic\",\"model\":\"claude-3-5-haiku\",\"cost_usd\":\"0.0142\",\"occurred_at\":\"2026-12-01T09:30:00Z\"}")))
                              @Valid @RequestBody UsageReport body,
                             @RequestHeader(name = IdempotentRequests.HEADER, required = false) @Nullable String key) {
        ReservationService.Actual actual = new ReservationService.Actual(
                ReservationsApiController.usage(body.usage(), "usage"),
                ReservationsApiController.cost(body.costUsd(), "cost_usd"));
        ReservationsApiController.requireOne(actual.usage(), actual.cost(), "usage", "cost_usd");
        Instant now = clock.instant();
        Instant occurredAt = body.occurredAt() == null ? now : body.occurredAt();
        if (occurredAt.isAfter(now.plusSeconds(300)) || occurredAt.isBefore(now.minus(MAX_AGE))) {
            throw new InvalidInputException("occurred_at", "Use a time within the last 35 days, not in the future.");
        }
        return idempotency.run("POST /v1/usage", key, body, () -> {
            ReservationService.ReportedUsage reported = service.reportUsage(body.provider().strip(),
                    body.model().strip(), actual, occurredAt);
            var created = new UsageLineBody(PrefixedId.format("use", reported.line()), "reported", true,
                    body.provider().strip(), body.model().strip(),
                    actual.usage() == null ? null : UsageJson.toMap(actual.usage()), reported.cost().toUsdString(),
                    occurredAt);
            return ResponseEntity.status(201).body(created);
        });
    }
}
