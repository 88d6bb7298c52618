package io.tollgate.platform.internal.ratelimit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.TollgateApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The rate limiter's cost per bucket draw (an API request draws from two: its key's and its tenant's), on a real
 * embedded PostgreSQL: a bucket settled in PostgreSQL on every draw, the default local batching, and a purely local
 * bucket for reference; 1 and 16 threads; 1,000 distinct keys or one hot key. Run with {@code bench/ratelimit.sh}.
 */
public final class RateLimiterBenchmark {

    record Result(String mode, int threads, String keys, long draws, double seconds, double perSecond,
                  double p50Micros, double p99Micros, double fallbackDraws) {
    }

    private interface Draw {
        boolean draw(LimitedScope scope);
    }

    private static final java.util.Queue<Long> counts = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        Duration warmup = Duration.parse(System.getProperty("warmup", "PT2S"));
        Duration measure = Duration.parse(System.getProperty("duration", "PT5S"));
        Path data = Files.createTempDirectory("tollgate-bench-pg");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TollgateApplication.class)
                .run("--tollgate.embedded-db.data-dir=" + data, "--tollgate.home=" + data.resolve("home"),
                        "--server.port=0", "--management.server.port=0", "--logging.level.root=WARN",
                        "--spring.datasource.hikari.maximum-pool-size=24",
                        "--tollgate.rate-limits.housekeeping-interval=PT1H")) {
            DataSource dataSource = app.getBean(DataSource.class);
            List<Result> results = new ArrayList<>();
            for (int threads : new int[] {1, 16}) {
                for (String keys : new String[] {"1000 distinct", "1 hot"}) {
                    int keyCount = keys.startsWith("1000") ? 1000 : 1;
                    List<LimitedScope> scopes = scopes(keyCount);
                    BucketStore local = store(dataSource, 0);
                    Result reference = run("local only (reference)", threads, keys, scopes, warmup, measure,
                            scope -> local.fromLocalForBenchmark(scope));
                    results.add(new Result(reference.mode(), reference.threads(), reference.keys(),
                            reference.draws(), reference.seconds(), reference.perSecond(), reference.p50Micros(),
                            reference.p99Micros(), 0));
                    BucketStore exact = store(dataSource, 0);
                    results.add(run("PostgreSQL, settle every draw", threads, keys, scopes(keyCount), warmup,
                            measure, scope -> exact.consume(scope).consumed()));
                    BucketStore batched = store(dataSource, 10);
                    results.add(run("PostgreSQL, batch 10 / 200 ms (default)", threads, keys, scopes(keyCount),
                            warmup, measure, scope -> batched.consume(scope).consumed()));
                }
            }
            Path out = Path.of("bench/results/ratelimit.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report(results));
            System.out.println(Files.readString(out));
        }
    }

    private static List<LimitedScope> scopes(int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<LimitedScope> scopes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            scopes.add(new LimitedScope("key", "bench:" + run + ":" + i,
                    List.of(new Quota(1_000_000_000L, Duration.ofSeconds(1)), new Quota(1_000_000_000L,
                            Duration.ofMinutes(1)))));
        }
        return scopes;
    }

    private static BucketStore store(DataSource dataSource, long unsynchronized) {
        ProxyManager<String> shared = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .build();
        return new BucketStore(shared, new RateLimitProperties.Sync(unsynchronized, Duration.ofMillis(200)),
                Duration.ofSeconds(5), 100_000, METERS);
    }

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    private static Result run(String mode, int threads, String keys, List<LimitedScope> scopes, Duration warmup,
                              Duration measure, Draw draw) throws Exception {
        drive(threads, scopes, warmup, draw);
        double fallbacksBefore = METERS.counter("tollgate.ratelimit.fallback.decisions").count();
        long started = System.nanoTime();
        List<long[]> latencies = drive(threads, scopes, measure, draw);
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long draws = counts.stream().mapToLong(Long::longValue).sum();
        return new Result(mode, threads, keys, draws, seconds, draws / seconds,
                all[all.length / 2] / 1e3, all[(int) (all.length * 0.99)] / 1e3,
                METERS.counter("tollgate.ratelimit.fallback.decisions").count() - fallbacksBefore);
    }

    private static List<long[]> drive(int threads, List<LimitedScope> scopes, Duration length, Draw draw)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        counts.clear();
        Instant end = Instant.now().plus(length);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            futures.add(pool.submit(() -> {
                // The latest 2^18 latencies (a steady-state sample); every draw is counted.
                long[] samples = new long[1 << 18];
                long n = 0;
                int i = offset;
                while (Instant.now().isBefore(end)) {
                    LimitedScope scope = scopes.get(i++ % scopes.size());
                    long before = System.nanoTime();
                    if (!draw.draw(scope)) {
                        throw new IllegalStateException("The benchmark's quotas are meant never to run out.");
                    }
                    samples[(int) (n++ & (samples.length - 1))] = System.nanoTime() - before;
                }
                counts.add(n);
                return Arrays.copyOf(samples, (int) Math.min(n, samples.length));
            }));
        }
        List<long[]> results = new ArrayList<>();
        for (Future<long[]> future : futures) {
            results.add(future.get());
        }
        pool.shutdown();
        return results;
    }

    private static String report(List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append("# Rate limiter: cost per bucket draw\n\n");
        md.append("Run: `bench/ratelimit.sh` on ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name"))
                .append(' ').append(System.getProperty("os.arch"))
                .append(", embedded PostgreSQL 18 on the same machine.\n\n");
        md.append("An API request draws from two buckets (its key's and its tenant's).\n\n");
        md.append("| mode | threads | keys | draws | draws/s | p50 µs | p99 µs | fallback draws |\n|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(String.format("| %s | %d | %s | %d | %.0f | %.1f | %.1f | %.0f |%n", r.mode(), r.threads(),
                    r.keys(), r.draws(), r.perSecond(), r.p50Micros(), r.p99Micros(), r.fallbackDraws()));
        }
        return md.toString();
    }
}
