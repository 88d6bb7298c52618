package io.tollgate.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The result of walking a tenant's chain: how many events were checked and, when it is broken, the first
 * offending event and why (its hash does not match its content, its link to the previous event is wrong, or
 * sequence numbers are missing before it).
 */
public record AuditVerification(boolean intact, long eventsChecked, @Nullable Long lastSeq,
                                @Nullable Long brokenSeq, @Nullable UUID brokenEventId, @Nullable Problem problem,
                                Instant verifiedAt) {

    public enum Problem { HASH_MISMATCH, LINK_MISMATCH, GAP }
}
