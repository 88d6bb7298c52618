package io.tollgate.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Filters over a tenant's audit trail; each is optional. {@code action} matches a prefix when it ends with a dot
 * ({@code invitation.}) and accepts {@code *} as a wildcard; {@code text} searches action, actor, target and changes.
 */
public record AuditQuery(@Nullable String actor, @Nullable String action, @Nullable String targetType,
                         @Nullable String targetId, @Nullable Instant from, @Nullable Instant to,
                         @Nullable String text) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null, null, null);
}
