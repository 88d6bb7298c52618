package io.tollgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tollgate.TollgateApplication;
import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Audit write throughput and latency: 16 sessions each committing transactions that record one audit event,
 * all for one tenant (the worst case: one chain, one lock) and spread over many tenants. Run with
 * {@code bench/audit-write.sh}; results go to {@code bench/results/}.
 */
public final class AuditWriteBenchmark {

    record Written(TenantId tenant, String action, String targetId, Map<String, Change> changes)
            implements AuditableEvent {
        @Override
        public String targetType() {
            return "bench";
        }
    }

    record Result(String scenario, int sessions, int tenants, long events, double seconds, double perSecond,
                  double p50Ms, double p99Ms, double maxMs) {
    }

    public static void main(String[] args) throws Exception {
        int sessions = Integer.parseInt(System.getProperty("sessions", "16"));
        Duration warmup = Duration.parse(System.getProperty("warmup", "PT5S"));
        Duration measure = Duration.parse(System.getProperty("duration", "PT20S"));
        Path data = Files.createTempDirectory("tollgate-bench-pg");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TollgateApplication.class)
                .run("--tollgate.embedded-db.data-dir=" + data, "--tollgate.home=" + data.resolve("home"),
                        "--server.port=0", "--management.server.port=0", "--logging.level.root=WARN",
                        "--spring.datasource.hikari.maximum-pool-size=" + (sessions + 4))) {
            TenantTransactions transactions = app.getBean(TenantTransactions.class);
            ApplicationEventPublisher events = app;
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            List<TenantId> many = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                many.add(newTenant(jdbc));
            }
            List<TenantId> one = List.of(newTenant(jdbc));
            run(transactions, events, one, sessions, warmup);
            Result single = run(transactions, events, one, sessions, measure);
            run(transactions, events, many, sessions, warmup);
            Result spread = run(transactions, events, many, sessions, measure);
            String report = report(List.of(single, spread), measure);
            System.out.println(report);
            Path out = Path.of(System.getProperty("out", "bench/results/audit-write.md"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
        }
    }

    private static Result run(TenantTransactions transactions, ApplicationEventPublisher events,
                              List<TenantId> tenants, int sessions, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            int session = s;
            futures.add(pool.submit(() -> {
                start.await();
                long[] latencies = new long[1 << 20];
                int n = 0;
                long stop = System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < stop && n < latencies.length) {
                    TenantId tenant = tenants.get((session + n) % tenants.size());
                    int i = n;
                    long begin = System.nanoTime();
                    transactions.runAsTenant(tenant, () -> events.publishEvent(new Written(tenant, "bench.write",
                            "t" + i, Map.of("n", new AuditableEvent.Change(i, i + 1)))));
                    latencies[n++] = System.nanoTime() - begin;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> future : futures) {
            all.add(future.get());
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(tenants.size() == 1 ? "one tenant" : tenants.size() + " tenants", sessions,
                tenants.size(), merged.length, seconds, merged.length / seconds, percentile(merged, 0.50),
                percentile(merged, 0.99), merged.length == 0 ? 0 : merged[merged.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static TenantId newTenant(JdbcTemplate jdbc) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO tenants (id, slug, name, status, time_zone) VALUES (?, ?, ?, 'ACTIVE', 'UTC')",
                id, "bench-" + id.toString().substring(0, 8), "Bench " + id);
        return new TenantId(id);
    }

    private static String report(List<Result> results, Duration duration) {
        StringBuilder out = new StringBuilder("# Audit write benchmark\n\n");
        out.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version"))
                .append(", embedded PostgreSQL 18 (fsync and synchronous_commit on), ").append(duration.toSeconds())
                .append(" s per scenario after warm-up. One transaction = one audit event (chained synchronously).\n\n")
                .append("| scenario | sessions | events | events/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format("| %s | %d | %d | %.0f | %.2f | %.2f | %.2f |%n", r.scenario(), r.sessions(),
                    r.events(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.maxMs()));
        }
        return out.toString();
    }
}
