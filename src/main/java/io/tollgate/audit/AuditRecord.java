package io.tollgate.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One recorded audit event as stored: its place in the tenant's chain and the hash that seals it. */
public record AuditRecord(UUID tenantId, UUID id, long seq, Instant occurredAt, String actorType,
                          @Nullable String actorId, String actorName, String action, String targetType,
                          @Nullable String targetId, @Nullable String requestId, @Nullable String traceId,
                          @Nullable String ip, @Nullable String userAgent, String changes, String prevHash,
                          String hash) {
}
