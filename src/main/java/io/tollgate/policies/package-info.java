/**
 * Governance policies: a tenant's CEL rules, edited as a draft and published as immutable bundle versions, and
 * evaluated on every spend decision. The caller (budgets) builds the {@link io.tollgate.policies.DecisionContext}
 * and asks the {@link io.tollgate.policies.PolicyGate}; this module reads nothing of other modules (DESIGN §10).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "audit"})
package io.tollgate.policies;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
