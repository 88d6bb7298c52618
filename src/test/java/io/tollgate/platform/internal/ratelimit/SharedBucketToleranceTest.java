package io.tollgate.platform.internal.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Many threads on two replicas' bucket stores against one shared quota in PostgreSQL: settling every request is
 * exact; with local batching the quota is used up and exceeded by at most the documented tolerance
 * (max-unsynchronized-tokens per replica). Buckets kept per replica instead of shared would allow twice the quota.
 */
@TollgateTest
class SharedBucketToleranceTest {

    private static final int QUOTA = 200;
    private static final int UNSYNCHRONIZED = 5;
    private static final int THREADS = 32;
    private static final int ATTEMPTS_PER_THREAD = 40;

    @Autowired
    DataSource dataSource;

    @Test
    void two_replicas_settling_every_request_are_exact() throws Exception {
        List<BucketStore> replicas = List.of(replica(0), replica(0));
        assertThat(allowed(replicas)).isEqualTo(QUOTA);
    }

    @Test
    void two_replicas_with_local_batching_stay_within_the_tolerance() throws Exception {
        List<BucketStore> replicas = List.of(replica(UNSYNCHRONIZED), replica(UNSYNCHRONIZED));
        assertThat(allowed(replicas)).isBetween(QUOTA, QUOTA + replicas.size() * UNSYNCHRONIZED);
    }

    private int allowed(List<BucketStore> replicas) throws Exception {
        LimitedScope scope = new LimitedScope("key", "test:" + UUID.randomUUID(),
                List.of(new Quota(QUOTA, Duration.ofHours(1))));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                BucketStore replica = replicas.get(t % replicas.size());
                Callable<Integer> work = () -> {
                    int allowed = 0;
                    for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                        allowed += replica.consume(scope).consumed() ? 1 : 0;
                    }
                    return allowed;
                };
                results.add(threads.submit(work));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    private BucketStore replica(long unsynchronized) {
        var shared = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .build();
        return new BucketStore(shared, new RateLimitProperties.Sync(unsynchronized, Duration.ofSeconds(30)),
                Duration.ofSeconds(5), 1000, new SimpleMeterRegistry());
    }
}
