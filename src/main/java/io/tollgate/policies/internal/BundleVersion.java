package io.tollgate.policies.internal;

import java.time.Instant;
import java.util.List;

import io.tollgate.policies.PolicyRule;
import org.jspecify.annotations.Nullable;

/** An immutable published bundle: its number, who published it and why, and its rules in order. */
record BundleVersion(long number, String author, String note, String contentHash, List<PolicyRule> rules,
                     boolean conflictsAcknowledged, @Nullable Long rolledBackTo, Instant createdAt) {
}
