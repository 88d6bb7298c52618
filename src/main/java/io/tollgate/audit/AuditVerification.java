package io.tollgate.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The result of walking a tenant's sealed chain: how many events were checked and, when it is broken, the first
 * offending event and why (its hash does not match its content, its link to the previous event is wrong, or
 * sequence numbers are missing before it). Events recorded but not sealed yet are not part of the chain: they are
 * counted in {@code pendingEvents} (the oldest recorded at {@code oldestPendingAt}) and never make it broken.
 */
public record AuditVerification(boolean intact, long eventsChecked, @Nullable Long lastSeq,
                                @Nullable Long brokenSeq, @Nullable UUID brokenEventId, @Nullable Problem problem,
                                Instant verifiedAt, long pendingEvents, @Nullable Instant oldestPendingAt) {

    public enum Problem { HASH_MISMATCH, LINK_MISMATCH, GAP }
}
