/** Idempotency records for money-moving POSTs (DESIGN §6). */
@NullMarked
package io.tollgate.platform.internal.idempotency;

import org.jspecify.annotations.NullMarked;
