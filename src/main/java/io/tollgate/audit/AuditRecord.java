package io.tollgate.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One recorded audit event as stored. A sealed event has its place in the tenant's chain ({@code seq}) and the
 * hash that seals it; an event the sealer has not reached yet (ADR 0052) has neither: {@code seq},
 * {@code prevHash} and {@code hash} are all null until it is sealed, and then never change.
 */
public record AuditRecord(UUID tenantId, UUID id, @Nullable Long seq, Instant occurredAt, String actorType,
                          @Nullable String actorId, String actorName, String action, String targetType,
                          @Nullable String targetId, @Nullable String requestId, @Nullable String traceId,
                          @Nullable String ip, @Nullable String userAgent, String changes, @Nullable String prevHash,
                          @Nullable String hash) {

    public boolean sealed() {
        return hash != null;
    }

    /** This event sealed at {@code seq}, linked to {@code prevHash}, with the hash that follows from both. */
    public AuditRecord sealedAt(long seq, String prevHash) {
        AuditRecord placed = new AuditRecord(tenantId, id, seq, occurredAt, actorType, actorId, actorName, action,
                targetType, targetId, requestId, traceId, ip, userAgent, changes, prevHash, null);
        return new AuditRecord(tenantId, id, seq, occurredAt, actorType, actorId, actorName, action, targetType,
                targetId, requestId, traceId, ip, userAgent, changes, prevHash, AuditChain.hash(placed));
    }
}
