package io.tollgate.audit.internal.retention;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;

import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditCheckpoint;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signed chain-head checkpoints, newest first, for a party outside the database to fetch and keep. Each carries
 * the public key and the exact signed payload, so it verifies on its own (docs/runbooks/audit-retention.md).
 */
@RestController
class AuditCheckpointsApiController {

    record Checkpoint(String tenantId, long seq, String hash, String signedAt, String keyId, String algorithm,
                      String signature, String publicKey, String payload) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "AuditCheckpointPage")
    record Page(List<Checkpoint> data, RetentionViews.SigningKeyView signingKey) {
    }

    private final AuditCheckpoints checkpoints;

    AuditCheckpointsApiController(AuditCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Operation(operationId = "listAuditCheckpoints", summary = "Signed checkpoints of the audit chain, newest first")
    @GetMapping(path = "/v1/audit-checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    Page list(@RequestParam(name = "limit", defaultValue = "20")
              @Min(value = 1, message = "Use 1–100.") @Max(value = 100, message = "Use 1–100.") int limit) {
        return new Page(checkpoints.latest(limit).stream().map(AuditCheckpointsApiController::toJson).toList(),
                checkpoints.signingKey());
    }

    static Checkpoint toJson(AuditCheckpoint c) {
        return new Checkpoint(c.tenantId().toString(), c.seq(), c.hash(), AuditChain.timestamp(c.signedAt()),
                c.keyId(), "Ed25519", c.signature(), c.publicKey(), c.payload());
    }
}
