package io.tollgate.budgets.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tollgate.budgets.BudgetPeriod;
import io.tollgate.platform.Money;
import org.jspecify.annotations.Nullable;

/** A budget as stored; {@code team} is the team whose admins manage it (null for the org's budgets). */
public record Budget(UUID id, String name, ScopeType scopeType, @Nullable UUID scopeId, @Nullable UUID team,
              BudgetPeriod period, Money limit, boolean hard, List<Integer> softThresholds,
              @Nullable Money perRequestMax, long version, Instant createdAt, Instant updatedAt) {

    public enum ScopeType { ORG, TEAM, PROJECT, AGENT }

    /** What the current window holds; zeros when no reservation has opened it yet. */
    public record WindowUsage(BudgetPeriod.Window window, Money limit, Money reserved, Money committed, Money overrun) {

        public Money spent() {
            return committed.plus(overrun);
        }

        public Money remaining() {
            return limit.minus(reserved).minus(spent());
        }
    }

    /** One ledger movement of a window, for charts: when, and how held and spent money changed (nano-USD). */
    public record Movement(Instant at, long reserved, long spent) {
    }
}
