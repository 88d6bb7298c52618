/** How the main port meets the network: which proxies' forwarded headers are believed (ADR 0040). */
@NullMarked
package io.tollgate.platform.internal.web;

import org.jspecify.annotations.NullMarked;
