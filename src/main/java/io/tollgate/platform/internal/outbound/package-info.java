/** The outbound-address policy for server-side calls to tenant-chosen URLs (ADR 0041). */
@NullMarked
package io.tollgate.platform.internal.outbound;

import org.jspecify.annotations.NullMarked;
