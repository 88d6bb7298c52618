package io.tollgate.policies.internal;

import java.time.Instant;
import java.util.UUID;

import io.tollgate.policies.PolicyRule;
import io.tollgate.platform.PrefixedId;
import org.jspecify.annotations.Nullable;

/** A draft rule as stored: the rule, the team its scope lies in (null: org or tag scope) and its version. */
record StoredRule(UUID uuid, PolicyRule rule, @Nullable UUID team, long version, String createdBy, Instant createdAt,
                  Instant updatedAt) {

    static final String PREFIX = "rul";

    static String apiId(UUID id) {
        return PrefixedId.format(PREFIX, id);
    }
}
