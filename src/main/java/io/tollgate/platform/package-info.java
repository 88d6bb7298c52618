/**
 * Cross-cutting mechanics every module uses: typed ids, tenant binding of transactions, problem details,
 * request correlation and security headers. Knows no business module.
 */
@NullMarked
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.tollgate.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
