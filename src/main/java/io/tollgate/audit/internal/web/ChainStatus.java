package io.tollgate.audit.internal.web;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import io.tollgate.audit.AuditVerification;
import org.jspecify.annotations.Nullable;

/**
 * A chain verification as the page shows it. Serializable because, without JavaScript, it travels to the next
 * page as a flash attribute in the session.
 */
record ChainStatus(boolean intact, long eventsChecked, @Nullable Long lastSeq, @Nullable Long brokenSeq,
                   @Nullable UUID brokenEventId, @Nullable String problem, @Nullable String explanation,
                   Instant verifiedAt, long pendingEvents) implements Serializable {

    static ChainStatus of(AuditVerification v) {
        return new ChainStatus(v.intact(), v.eventsChecked(), v.lastSeq(), v.brokenSeq(), v.brokenEventId(),
                v.problem() == null ? null : v.problem().name(), v.problem() == null ? null : explain(v.problem()),
                v.verifiedAt(), v.pendingEvents());
    }

    private static String explain(AuditVerification.Problem problem) {
        return switch (problem) {
            case HASH_MISMATCH -> "Its hash does not match its content: the event was changed after it was recorded.";
            case LINK_MISMATCH -> "It does not link to the event before it: an earlier event was changed, removed or replaced.";
            case GAP -> "Sequence numbers are missing before it: events were removed.";
        };
    }
}
