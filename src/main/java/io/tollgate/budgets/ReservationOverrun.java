package io.tollgate.budgets;

import java.util.UUID;

import io.tollgate.identity.AgentId;
import io.tollgate.platform.Money;
import io.tollgate.platform.TenantId;

/**
 * An agent spent more than it held: {@code overrun} was committed beyond the hold (the money was spent, so it is
 * booked anyway). {@code late} marks a commit that came after the hold had expired or was released.
 */
public record ReservationOverrun(TenantId tenant, UUID reservation, AgentId agent, Money held, Money actual,
                                 Money overrun, boolean late) {
}
