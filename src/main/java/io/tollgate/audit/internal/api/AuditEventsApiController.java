package io.tollgate.audit.internal.api;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditQuery;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.AuditTrail;
import io.tollgate.audit.AuditVerification;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PrefixedId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail over the API: filtered, newest first, cursor-paginated; and the chain verifier. */
@RestController
class AuditEventsApiController {

    static final String PREFIX = "aud";

    /** {@code seq}, {@code prevHash} and {@code hash} are null while the event waits for its seal (ADR 0052). */
    record Event(String id, @Nullable Long seq, String occurredAt, Actor actor, String action, Target target,
                 @Nullable String requestId, @Nullable String traceId, @Nullable String ip,
                 @Nullable String userAgent, String changes, @Nullable String prevHash, @Nullable String hash,
                 boolean sealed) {
    }

    record Actor(String type, @Nullable String id, String name) {
    }

    record Target(String type, @Nullable String id) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "AuditEventPage")
    record Page(List<Event> data, @Nullable String nextCursor) {
    }

    /** {@code pendingEvents}: recorded, not sealed yet; not part of the verified chain and never a break. */
    record Verification(boolean intact, long eventsChecked, @Nullable Long lastSeq, @Nullable Long brokenSeq,
                        @Nullable String brokenEventId, @Nullable String problem, Instant verifiedAt,
                        long pendingEvents, @Nullable Instant oldestPendingAt) {
    }

    private final AuditTrail trail;

    AuditEventsApiController(AuditTrail trail) {
        this.trail = trail;
    }

    @Operation(operationId = "listAuditEvents", summary = "The audit trail, newest first, with filters")
    @GetMapping(path = "/v1/audit-events", produces = MediaType.APPLICATION_JSON_VALUE)
    Page list(@RequestParam(name = "limit", defaultValue = "50")
              @Min(value = 1, message = "Use 1–200.") @Max(value = 200, message = "Use 1–200.") int limit,
              @RequestParam(name = "cursor", required = false) @Nullable String cursor,
              @RequestParam(name = "actor", required = false) @Nullable String actor,
              @RequestParam(name = "action", required = false) @Nullable String action,
              @RequestParam(name = "target_type", required = false) @Nullable String targetType,
              @RequestParam(name = "target_id", required = false) @Nullable String targetId,
              @RequestParam(name = "from", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
              @Nullable Instant from,
              @RequestParam(name = "to", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
              @Nullable Instant to,
              @RequestParam(name = "q", required = false) @Nullable String text) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException("from", "from must be before to.");
        }
        AuditQuery query = new AuditQuery(blankToNull(actor), blankToNull(action), blankToNull(targetType),
                blankToNull(targetId), from, to, blankToNull(text));
        AuditTrail.Page page = trail.page(query, parseCursor(cursor), limit);
        return new Page(page.items().stream().map(AuditEventsApiController::toEvent).toList(),
                page.nextBefore() == null ? null : Long.toString(page.nextBefore(), 36));
    }

    @Operation(operationId = "getAuditEvent", summary = "One audit event with its hash and the previous one's")
    @GetMapping(path = "/v1/audit-events/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Event get(@PathVariable("id") String id) {
        UUID uuid = PrefixedId.parse(PREFIX, id, "audit event");
        return toEvent(trail.get(uuid));
    }

    @Operation(operationId = "verifyAuditChain", summary = "Walk the audit chain and report the first break, if any")
    @PostMapping(path = "/v1/audit-chain/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    Verification verify() {
        AuditVerification result = trail.verify();
        return new Verification(result.intact(), result.eventsChecked(), result.lastSeq(), result.brokenSeq(),
                result.brokenEventId() == null ? null : PrefixedId.format(PREFIX, result.brokenEventId()),
                result.problem() == null ? null : result.problem().name(), result.verifiedAt(),
                result.pendingEvents(), result.oldestPendingAt());
    }

    private static Event toEvent(AuditRecord r) {
        return new Event(PrefixedId.format(PREFIX, r.id()), r.seq(), AuditChain.timestamp(r.occurredAt()),
                new Actor(r.actorType(), r.actorId(), r.actorName()), r.action(), new Target(r.targetType(), r.targetId()),
                r.requestId(), r.traceId(), r.ip(), r.userAgent(), r.changes(), r.prevHash(), r.hash(), r.sealed());
    }

    private static @Nullable Long parseCursor(@Nullable String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(cursor, 36);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("cursor", "This cursor is not valid; use next_cursor from a list response.");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
