package io.tollgate.platform.internal.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets shared by every replica through PostgreSQL (Bucket4j, SELECT … FOR UPDATE per settlement).
 *
 * <p>Each replica keeps a bucket's proxy so that it may count up to {@code sync.max-unsynchronized-tokens}
 * requests locally before settling them: the global limit then holds within that many requests per replica.
 * When the table cannot be reached the replica falls back to buckets of its own, with the same quotas, for
 * {@code storage-retry-after}: limits stay enforced per replica rather than switched off or refusing all
 * traffic (ADR 0030).
 */
class BucketStore {

    private static final Logger log = LoggerFactory.getLogger(BucketStore.class);

    private record Held(Bucket bucket, long createdNanos) {
    }

    private final ProxyManager<String> shared;
    private final RateLimitProperties.Sync sync;
    private final long storageRetryAfterNanos;
    private final int maxCachedBuckets;
    private final Map<String, Held> sharedBuckets = new ConcurrentHashMap<>();
    private final Map<String, Held> fallbackBuckets = new ConcurrentHashMap<>();
    private final Counter storageFailures;
    private final Counter fallbackDecisions;
    private volatile long storageDownUntilNanos;
    private volatile boolean storageDown;

    BucketStore(ProxyManager<String> shared, RateLimitProperties.Sync sync, Duration storageRetryAfter,
                int maxCachedBuckets, MeterRegistry meters) {
        this.shared = shared;
        this.sync = sync;
        this.storageRetryAfterNanos = storageRetryAfter.toNanos();
        this.maxCachedBuckets = maxCachedBuckets;
        this.storageFailures = meters.counter("tollgate.ratelimit.storage.failures");
        this.fallbackDecisions = meters.counter("tollgate.ratelimit.fallback.decisions");
    }

    Probe consume(LimitedScope scope) {
        if (storageDown && System.nanoTime() < storageDownUntilNanos) {
            return fromFallback(scope);
        }
        try {
            Probe probe = drawShared(scope);
            if (storageDown) {
                storageDown = false;
                log.info("Rate-limit storage is reachable again; limits are shared across replicas again.");
            }
            return probe;
        } catch (RuntimeException e) {
            storageFailed(scope, e);
            return fromFallback(scope);
        }
    }

    /**
     * A batching proxy settles without the bucket's configuration, so when replicas first draw from a new bucket
     * at the same time its settlement can find no row; one unbatched draw (which carries the configuration)
     * creates it.
     */
    private Probe drawShared(LimitedScope scope) {
        try {
            return probe(scope, sharedBucket(scope).asVerbose().tryConsumeAndReturnRemaining(1));
        } catch (RuntimeException e) {
            if (!bucketWasMissing(e)) {
                throw e;
            }
            Bucket creating = shared.builder().build(scope.bucketId(), () -> configuration(scope.quotas()));
            return probe(scope, creating.asVerbose().tryConsumeAndReturnRemaining(1));
        }
    }

    private static boolean bucketWasMissing(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BucketNotFoundException) {
                return true;
            }
        }
        return false;
    }

    /** Forgets buckets not created within the idle time, so the per-replica maps stay bounded. */
    void forgetOlderThan(Duration age) {
        long cutoff = System.nanoTime() - age.toNanos();
        sharedBuckets.values().removeIf(held -> held.createdNanos() < cutoff);
        fallbackBuckets.values().removeIf(held -> held.createdNanos() < cutoff);
    }

    private Bucket sharedBucket(LimitedScope scope) {
        String id = scope.bucketId();
        Held held = sharedBuckets.get(id);
        if (held != null) {
            return held.bucket();
        }
        Bucket bucket = newSharedBucket(scope);
        if (sharedBuckets.size() >= maxCachedBuckets) {
            return bucket;
        }
        Held raced = sharedBuckets.putIfAbsent(id, new Held(bucket, System.nanoTime()));
        return raced == null ? bucket : raced.bucket();
    }

    private Bucket newSharedBucket(LimitedScope scope) {
        RemoteBucketBuilder<String> builder = shared.builder();
        if (sync.maxUnsynchronizedTokens() > 0) {
            builder = builder.withOptimization(Optimizations.delaying(
                    new DelayParameters(sync.maxUnsynchronizedTokens(), sync.maxUnsynchronizedTime())));
        }
        return builder.build(scope.bucketId(), () -> configuration(scope.quotas()));
    }

    private Probe fromFallback(LimitedScope scope) {
        fallbackDecisions.increment();
        Held held = fallbackBuckets.computeIfAbsent(scope.bucketId(), id -> new Held(localBucket(scope.quotas()),
                System.nanoTime()));
        return probe(scope, held.bucket().asVerbose().tryConsumeAndReturnRemaining(1));
    }

    /** The fallback path on its own: what a draw costs without PostgreSQL (for the benchmark's reference). */
    boolean fromLocalForBenchmark(LimitedScope scope) {
        return fromFallback(scope).consumed();
    }

    private void storageFailed(LimitedScope scope, RuntimeException e) {
        storageFailures.increment();
        sharedBuckets.remove(scope.bucketId());
        storageDownUntilNanos = System.nanoTime() + storageRetryAfterNanos;
        if (!storageDown) {
            storageDown = true;
            log.warn("Rate-limit storage failed ({}); each replica limits on its own for the next {} ms.",
                    e.toString(), TimeUnit.NANOSECONDS.toMillis(storageRetryAfterNanos));
        }
    }

    private static Bucket localBucket(List<Quota> quotas) {
        var builder = Bucket.builder();
        for (Quota quota : quotas) {
            builder.addLimit(bandwidth(quota));
        }
        return builder.build();
    }

    private static Bandwidth bandwidth(Quota quota) {
        return Bandwidth.builder().capacity(quota.requests()).refillIntervally(quota.requests(), quota.window())
                .build();
    }

    static BucketConfiguration configuration(List<Quota> quotas) {
        var builder = BucketConfiguration.builder();
        for (Quota quota : quotas) {
            builder.addLimit(bandwidth(quota));
        }
        return builder.build();
    }

    private static Probe probe(LimitedScope scope, VerboseResult<ConsumptionProbe> result) {
        ConsumptionProbe probe = result.getValue();
        List<Quota> quotas = scope.quotas();
        int binding = 0;
        long least = Long.MAX_VALUE;
        for (int i = 0; i < quotas.size(); i++) {
            long left = Math.max(0, result.getState().getCurrentSize(i));
            if (left < least) {
                least = left;
                binding = i;
            }
        }
        Quota quota = quotas.get(binding);
        long reset = probe.isConsumed()
                ? Math.min(seconds(probe.getNanosToWaitForReset()), quota.window().toSeconds())
                : Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        return new Probe(scope, probe.isConsumed(), quota, probe.isConsumed() ? probe.getRemainingTokens() : 0,
                reset);
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
