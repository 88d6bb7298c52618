/**
 * The price book: dated prices per provider, model and price class (the curated default book plus each tenant's
 * overrides), and the cost of a usage line in nano-USD, rounded once.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "audit"})
package io.tollgate.pricing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
