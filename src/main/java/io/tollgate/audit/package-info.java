/**
 * The tamper-evident audit trail: records every auditable event in a per-tenant hash chain, verifies it, and
 * shows it to the people allowed to see it.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "platform")
package io.tollgate.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
