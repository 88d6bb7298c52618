/** The ledger: reservations, their holds and commits as append-only entries in budget windows, usage lines. */
@NullMarked
package io.tollgate.budgets.internal.ledger;

import org.jspecify.annotations.NullMarked;
