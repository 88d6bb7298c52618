package io.tollgate.platform.internal.ratelimit;

import java.time.Duration;

import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes buckets that have been full for a minute (a fresh bucket is the same as a missing one) and lets each
 * replica forget its idle proxies. Safe on every replica at once: each run deletes only expired rows.
 */
class RateLimitHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(RateLimitHousekeeping.class);
    private static final int BATCH = 1_000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> shared;
    private final BucketStore buckets;

    RateLimitHousekeeping(PostgreSQLSelectForUpdateBasedProxyManager<String> shared, BucketStore buckets) {
        this.shared = shared;
        this.buckets = buckets;
    }

    @Scheduled(fixedDelayString = "${tollgate.rate-limits.housekeeping-interval:PT1M}")
    void run() {
        buckets.forgetOlderThan(Duration.ofMinutes(10));
        try {
            int removed;
            do {
                removed = shared.removeExpired(BATCH);
            } while (removed == BATCH);
        } catch (RuntimeException e) {
            log.warn("Could not delete expired rate-limit buckets: {}", e.toString());
        }
    }
}
