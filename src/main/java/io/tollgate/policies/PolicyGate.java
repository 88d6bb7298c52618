package io.tollgate.policies;

import io.tollgate.platform.TenantId;

/**
 * The decision path's door into policies: the tenant's latest published bundle (compiled and cached per replica)
 * evaluated on a context. Never touches the database on the hot path.
 */
public interface PolicyGate {

    PolicyDecision decide(TenantId tenant, DecisionContext context);

    /** Whether the tenant's current bundle references {@code history}, so the caller must load it. */
    boolean needsHistory(TenantId tenant);
}
