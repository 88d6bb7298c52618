/**
 * Budgets: limits on what the org, a team, a project or an agent may spend per period, and the windows that hold
 * each period's reserved and committed money.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "tenancy", "identity", "audit", "pricing", "policies"})
package io.tollgate.budgets;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
