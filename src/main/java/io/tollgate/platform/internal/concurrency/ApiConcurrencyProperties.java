package io.tollgate.platform.internal.concurrency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tollgate.api.concurrency.*}: how many authenticated {@code /v1} requests do their work at once on this
 * replica (ADR 0057).
 *
 * @param maxRequests requests past authentication and rate limiting allowed in at once; the rest wait in arrival
 *                    order. 0 lets every request in (each then queues for a database connection on its own).
 * @param maxWait     how long a request may wait for its turn before it is answered 503 with {@code Retry-After}
 */
@ConfigurationProperties("tollgate.api.concurrency")
record ApiConcurrencyProperties(@DefaultValue("0") int maxRequests, @DefaultValue("10s") Duration maxWait) {

    ApiConcurrencyProperties {
        if (maxRequests < 0) {
            throw new IllegalArgumentException("tollgate.api.concurrency.max-requests must be 0 (unbounded) or more,"
                    + " not " + maxRequests);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("tollgate.api.concurrency.max-wait must be positive, not " + maxWait);
        }
    }
}
