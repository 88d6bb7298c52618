package io.tollgate.budgets.internal.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.budgets.ReservationState;
import io.tollgate.policies.RuleOutcome;
import io.tollgate.pricing.Usage;
import org.jspecify.annotations.Nullable;

/** A reservation row. {@code due}: still ACTIVE but past {@code expiresAt} by the database clock. */
public record Reservation(UUID id, UUID agent, UUID project, UUID team, ReservationState state, String provider,
                   String model, @Nullable Usage estimatedUsage, long estimated, long held,
                   @Nullable Usage actualUsage, @Nullable Long actual, long overrun, boolean lateCommit,
                   @Nullable String priceVersion, List<String> priceFlags, List<Reason> reasons,
                   Map<String, String> tags, @Nullable Long leaseEpoch, int ttlSeconds, @Nullable Instant expiresAt,
                   Instant createdAt, @Nullable Instant finishedAt, boolean due, @Nullable Long policyVersion,
                   List<RuleOutcome> policyRules) {

    /** A reservation that records no policy decision (yet): the insert adds the {@link PolicyStamp}. */
    public Reservation(UUID id, UUID agent, UUID project, UUID team, ReservationState state, String provider,
                       String model, @Nullable Usage estimatedUsage, long estimated, long held,
                       @Nullable Usage actualUsage, @Nullable Long actual, long overrun, boolean lateCommit,
                       @Nullable String priceVersion, List<String> priceFlags, List<Reason> reasons,
                       Map<String, String> tags, @Nullable Long leaseEpoch, int ttlSeconds,
                       @Nullable Instant expiresAt, Instant createdAt, @Nullable Instant finishedAt, boolean due) {
        this(id, agent, project, team, state, provider, model, estimatedUsage, estimated, held, actualUsage, actual,
                overrun, lateCommit, priceVersion, priceFlags, reasons, tags, leaseEpoch, ttlSeconds, expiresAt,
                createdAt, finishedAt, due, null, List.of());
    }

    /** "decided by bundle v7: rule … matched (…)", or null when no rule matched or failed. */
    public @Nullable String policyExplanation() {
        return policyVersion == null ? null : new PolicyStamp(policyVersion, io.tollgate.policies.PolicyDecision
                .Verdict.ALLOW, null, policyRules, null).explanation();
    }

    /** Why a reservation was denied (or flagged): a stable machine code and a sentence naming the budget. */
    public record Reason(String code, @Nullable String budgetId, String message) {
    }
}
