/** Fencing leases: one holder instance per agent, an epoch that only grows, and the fence reservations pass. */
@NullMarked
package io.tollgate.budgets.internal.leases;

import org.jspecify.annotations.NullMarked;
