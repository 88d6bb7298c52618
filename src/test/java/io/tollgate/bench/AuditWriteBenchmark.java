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
import io.tollgate.audit.AuditSeals;
import io.tollgate.audit.AuditableEvent;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Audit write throughput and latency: 16 sessions each committing transactions that record one audit event,
 * all for one tenant (the worst case before ADR 0052: one chain, one lock) and spread over many tenants. Since
 * ADR 0052 events are sealed after commit: the report adds the seal lag (recorded → sealed, by the database clock)
 * of the measured events, and checks that every one of them was sealed into a contiguous chain. Run with
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
                  double p50Ms, double p99Ms, double maxMs, SealLag lag) {
    }

    /** Recorded → sealed for the measured events; {@code chained} is false when any is missing or out of chain. */
    record SealLag(long sealed, double p50Ms, double p99Ms, double maxMs, boolean chained) {
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
            AuditSeals seals = app.getBean(AuditSeals.class);
            ApplicationEventPublisher events = app;
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            List<TenantId> many = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                many.add(newTenant(jdbc));
            }
            List<TenantId> one = List.of(newTenant(jdbc));
            run(transactions, events, jdbc, seals, one, sessions, warmup, "bench.warmup");
            Result single = run(transactions, events, jdbc, seals, one, sessions, measure, "bench.single");
            run(transactions, events, jdbc, seals, many, sessions, warmup, "bench.warmup");
            Result spread = run(transactions, events, jdbc, seals, many, sessions, measure, "bench.spread");
            String report = report(List.of(single, spread), measure);
            System.out.println(report);
            Path out = Path.of(System.getProperty("out", "bench/results/audit-write.md"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
        }
    }

    private static Result run(TenantTransactions transactions, ApplicationEventPublisher events, JdbcTemplate jdbc,
                              AuditSeals seals, List<TenantId> tenants, int sessions, Duration duration,
                              String action) throws Exception {
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
                    transactions.runAsTenant(tenant, () -> events.publishEvent(new Written(tenant, action,
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
        // What the background sealer has not reached yet is sealed now: a drain, then the lag of every event.
        for (TenantId tenant : tenants) {
            seals.sealNow(tenant);
        }
        SealLag lag = sealLag(transactions, jdbc, tenants, action, merged.length);
        return new Result(tenants.size() == 1 ? "one tenant" : tenants.size() + " tenants", sessions,
                tenants.size(), merged.length, seconds, merged.length / seconds, percentile(merged, 0.50),
                percentile(merged, 0.99), merged.length == 0 ? 0 : merged[merged.length - 1] / 1e6, lag);
    }

    private static SealLag sealLag(TenantTransactions transactions, JdbcTemplate jdbc, List<TenantId> tenants,
                                   String action, long written) {
        List<Long> lagsMicros = new ArrayList<>();
        boolean chained = true;
        for (TenantId tenant : tenants) {
            lagsMicros.addAll(transactions.asTenant(tenant, () -> jdbc.queryForList(
                    "SELECT (extract(epoch FROM sealed_at - occurred_at) * 1e6)::bigint FROM audit_events"
                            + " WHERE action = ? AND sealed_at IS NOT NULL", Long.class, action)));
            chained &= Boolean.TRUE.equals(transactions.asTenant(tenant, () -> jdbc.queryForObject(
                    "SELECT count(*) FILTER (WHERE seq IS NULL) = 0 AND coalesce(max(seq), 0) = count(*)"
                            + " FROM audit_events", Boolean.class)));
        }
        long[] sorted = lagsMicros.stream().mapToLong(Long::longValue).map(micros -> micros * 1000).sorted().toArray();
        return new SealLag(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, chained && sorted.length == written);
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
                .append(" s per scenario after warm-up. One transaction = one audit event, recorded unsealed and sealed")
                .append(" after commit (ADR 0052). Seal lag: recorded → sealed, database clock; \"chained\": every")
                .append(" measured event sealed, each tenant's seqs contiguous.\n\n")
                .append("| scenario | sessions | events | events/s | p50 ms | p99 ms | max ms | seal lag p50 ms |")
                .append(" seal lag p99 ms | seal lag max ms | chained |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format("| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n",
                    r.scenario(), r.sessions(), r.events(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(),
                    r.lag().p50Ms(), r.lag().p99Ms(), r.lag().maxMs(), r.lag().chained() ? "yes" : "NO"));
        }
        return out.toString();
    }
}
