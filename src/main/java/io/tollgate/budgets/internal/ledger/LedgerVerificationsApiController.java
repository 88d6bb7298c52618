package io.tollgate.budgets.internal.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.platform.PrefixedId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The projection check's results ({@code lvr_…}); the job runs hourly, OWNER or ADMIN can run it now. */
@RestController
@Validated
@Tag(name = "Adjustments and disputes")
class LedgerVerificationsApiController {

    private final LedgerVerifier verifier;

    LedgerVerificationsApiController(LedgerVerifier verifier) {
        this.verifier = verifier;
    }

    record MismatchBody(String budgetId, Instant windowStart, long reservedNanos, long committedNanos,
                        long overrunNanos, long entriesReservedNanos, long entriesCommittedNanos,
                        long entriesOverrunNanos) {
    }

    record VerificationBody(String id, Instant checkedAt, int windowsChecked, boolean consistent,
                            List<MismatchBody> mismatches) {

        static VerificationBody of(LedgerVerification v) {
            return new VerificationBody(PrefixedId.format(LedgerVerifier.PREFIX, v.id()), v.checkedAt(),
                    v.windowsChecked(), v.mismatches().isEmpty(), v.mismatches().stream()
                    .map(m -> new MismatchBody(PrefixedId.format("bud", m.budget()), m.windowStart(), m.reserved(),
                            m.committed(), m.overrun(), m.entriesReserved(), m.entriesCommitted(),
                            m.entriesOverrun())).toList());
        }
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "LedgerVerificationPage")
    record Page(List<VerificationBody> data, @Nullable String nextCursor) {
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Checked")
    @Operation(operationId = "verifyLedger", summary = "Check now that every budget window equals the sum of its ledger entries")
    @PostMapping(path = "/v1/ledger/verifications", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<VerificationBody> verifyNow() {
        return ResponseEntity.status(201).body(VerificationBody.of(verifier.verifyNow()));
    }

    @Operation(operationId = "listLedgerVerifications", summary = "Results of the projection check, newest first")
    @GetMapping(path = "/v1/ledger/verifications", produces = MediaType.APPLICATION_JSON_VALUE)
    Page list(@RequestParam(name = "limit", defaultValue = "20") @Min(1) @Max(200) int limit,
              @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        UUID before = cursor == null || cursor.isBlank() ? null
                : PrefixedId.parse(LedgerVerifier.PREFIX, cursor, "cursor");
        List<LedgerVerification> found = verifier.page(before, limit + 1);
        List<VerificationBody> data = found.stream().limit(limit).map(VerificationBody::of).toList();
        return new Page(data, found.size() > limit ? data.getLast().id() : null);
    }
}
