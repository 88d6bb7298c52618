package io.tollgate.policies;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The decisions the decision path recorded (reservations of the current tenant), for simulation, evaluation
 * against a recorded reservation, conflict witnesses and match counts. Implemented by budgets, which owns them.
 */
public interface RecordedDecisions {

    /**
     * A recorded decision: the reservation ({@code rsv_…}), its context, the policies' verdict and deciding rule at
     * the time, whether the budgets denied it, the amount at stake in nano-USD and the bundle version that decided.
     */
    record Recorded(String reservationId, DecisionContext context, PolicyDecision.Verdict verdict,
                    @Nullable String decidingRuleId, boolean deniedByBudgets, long amountNanoUsd, long bundleVersion) {
    }

    /** Up to {@code max} decisions recorded since {@code from}, newest first. */
    List<Recorded> since(Instant from, int max);

    Optional<Recorded> of(String reservationId);

    /** How often each rule id matched in decisions recorded since {@code from}. */
    Map<String, Long> matchCountsSince(Instant from);
}
