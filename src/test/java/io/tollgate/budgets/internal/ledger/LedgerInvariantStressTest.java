package io.tollgate.budgets.internal.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.tollgate.budgets.AgentCalls;
import io.tollgate.budgets.LedgerChecks;
import io.tollgate.budgets.LedgerFixture;
import io.tollgate.budgets.ReservationState;
import io.tollgate.pricing.Usage;
import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.Money;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * DESIGN §5 under load: 64 threads make 20,480 random ledger operations (reserve, commit under and over, release,
 * extend, abandon to expiry) against tight hard budgets on org → team → project → agent, while two sweepers expire
 * holds and a checker samples the invariants. Any error other than the expected refusals fails it, so a broken lock
 * order (deadlocks) or a broken limit check (the windows' CHECK refusing) shows here.
 */
@TollgateTest
class LedgerInvariantStressTest {

    private static final int THREADS = 64;
    private static final int OPS_PER_THREAD = 320;

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    ReservationService reservations;

    @Autowired
    ExpirySweeper sweeper;

    @Test
    void hard_budgets_hold_and_the_ledger_balances_under_concurrency_with_sweepers_running() throws Exception {
        LedgerFixture org = new LedgerFixture(port, Databases.of(environment), "Stress");
        LedgerChecks checks = new LedgerChecks(Databases.of(environment));
        List<UUID> agents = hierarchy(org);
        UUID tenant = org.tenant;

        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 3);
        List<Future<?>> background = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            background.add(pool.submit(() -> {
                while (running.get()) {
                    outcomes.computeIfAbsent("swept", k -> new AtomicInteger()).addAndGet(sweeper.sweep(new TenantId(tenant)));
                }
            }));
        }
        AtomicInteger samples = new AtomicInteger();
        background.add(pool.submit(() -> {
            while (running.get()) {
                List<String> found = checks.violations(tenant);
                failures.addAll(found.stream().map(v -> "sampled: " + v).toList());
                samples.incrementAndGet();
            }
        }));

        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            UUID agent = agents.get(t % agents.size());
            workers.add(pool.submit(() -> {
                start.await();
                new Worker(tenant, agent, failures, outcomes).run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(10, TimeUnit.MINUTES);
        }
        running.set(false);
        for (Future<?> task : background) {
            task.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();

        System.out.println("Ledger stress outcomes " + new java.util.TreeMap<>(outcomes) + ", invariant samples "
                + samples.get());
        assertThat(failures).as("errors and invariant violations").isEmpty();
        assertThat(checks.violations(tenant)).isEmpty();
        assertThat(samples.get()).as("invariant samples taken during the run").isGreaterThan(3);
        int total = outcomes.values().stream().mapToInt(AtomicInteger::get).sum()
                - outcomes.getOrDefault("swept", new AtomicInteger()).get();
        assertThat(total).isEqualTo(THREADS * OPS_PER_THREAD);
        assertThat(outcomes.get("denied").get()).as("tight limits were reached").isPositive();
        assertThat(outcomes.get("allowed").get()).as("room for holds, commits and releases before the limits bind")
                .isGreaterThan(1_000);
        assertThat(outcomes.get("committed_over").get()).isPositive();
        assertThat(outcomes.keySet()).as("some commits came after expiry").anyMatch(k -> k.endsWith("_late"));
        assertThat(outcomes.get("swept").get()).as("the sweepers expired holds").isPositive();

        org.fixtures.sql("UPDATE reservations SET expires_at = now() - interval '1 second' WHERE tenant_id = ? "
                + "AND state = 'ACTIVE'", tenant);
        // The app's scheduled sweeper may hold some of these (SKIP LOCKED) when this sweep runs: it finishes them.
        Awaitility.await("every due hold expired").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    sweeper.sweep(new TenantId(tenant));
                    return checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ? AND state = 'ACTIVE'",
                            tenant) == 0;
                });
        assertThat(checks.count("SELECT coalesce(sum(reserved_nanos), 0) FROM budget_windows WHERE tenant_id = ?",
                tenant)).as("every expired hold released").isZero();
        assertThat(checks.violations(tenant)).isEmpty();
    }

    /**
     * Two teams with two projects each and two agents per project; hard budgets on all four levels, sized so that
     * committed spend (about 0.18 USD per allowed reservation) fills them about a third of the way through the run:
     * the first part exercises holds, commits, releases and expiry with room, the rest runs at the limit.
     */
    private static List<UUID> hierarchy(LedgerFixture org) {
        org.budget("org", null, "monthly", "600", true, "");
        List<UUID> agents = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            UUID team = UUID.randomUUID();
            org.fixtures.sql("INSERT INTO teams (tenant_id, id, name) VALUES (?, ?, ?)", org.tenant, team, "T" + t);
            org.budget("team", PrefixedId.format("team", team), "monthly", "320", true, "");
            for (int p = 0; p < 2; p++) {
                UUID project = UUID.randomUUID();
                org.fixtures.sql("INSERT INTO projects (tenant_id, id, team_id, name) VALUES (?, ?, ?, ?)", org.tenant,
                        project, team, "P" + t + p);
                org.budget("project", PrefixedId.format("prj", project), "daily", "170", true, "");
                for (int a = 0; a < 2; a++) {
                    UUID agent = UUID.randomUUID();
                    org.fixtures.sql("INSERT INTO agents (tenant_id, id, project_id, name) VALUES (?, ?, ?, ?)",
                            org.tenant, agent, project, "A" + t + p + a);
                    org.budget("agent", PrefixedId.format("agt", agent), "daily", "90", true,
                            ",\"soft_thresholds\":[50,90]");
                    agents.add(agent);
                }
            }
        }
        return agents;
    }

    /** One thread's random walk over its own reservations. */
    private final class Worker {

        private final UUID tenant;
        private final UUID agent;
        private final ConcurrentLinkedQueue<String> failures;
        private final Map<String, AtomicInteger> outcomes;
        private final List<UUID> open = new ArrayList<>();

        Worker(UUID tenant, UUID agent, ConcurrentLinkedQueue<String> failures, Map<String, AtomicInteger> outcomes) {
            this.tenant = tenant;
            this.agent = agent;
            this.failures = failures;
            this.outcomes = outcomes;
        }

        void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < OPS_PER_THREAD; i++) {
                int dice = random.nextInt(100);
                try {
                    if (open.isEmpty() || dice < 40) {
                        reserve(random);
                    } else {
                        UUID id = open.remove(random.nextInt(open.size()));
                        if (dice < 60) {
                            count(commit(id, Money.ofNanos(random.nextLong(1, 300_000_000L))), "committed_under");
                        } else if (dice < 70) {
                            count(commit(id, Money.ofNanos(random.nextLong(600_000_000L, 1_500_000_000L))),
                                    "committed_over");
                        } else if (dice < 85) {
                            count(AgentCalls.as(tenant, agent, () -> reservations.release(id)), "released");
                        } else if (dice < 95) {
                            int ttl = random.nextInt(1, 3);
                            count(AgentCalls.as(tenant, agent, () -> reservations.extend(id, ttl)), "extended");
                            open.add(id);
                        } else {
                            count("abandoned");
                        }
                    }
                } catch (ApiProblemException e) {
                    count(e.type().getPath().endsWith("reservation-expired") ? "extend_too_late" : "refused");
                    if (!e.type().getPath().endsWith("reservation-expired")) {
                        failures.add("unexpected refusal: " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    count("error");
                }
            }
        }

        private void reserve(ThreadLocalRandom random) {
            int ttl = random.nextInt(10) < 3 ? 1 : 600;
            Money estimate = Money.ofNanos(random.nextLong(10_000_000L, 1_000_000_000L));
            ReservationService.View view = AgentCalls.as(tenant, agent, () -> reservations.reserve(
                    new ReservationService.ReserveRequest("openai", "gpt-4o-mini", null, estimate, ttl, Map.of(),
                            null)));
            if (view.state() == ReservationState.ACTIVE) {
                open.add(view.reservation().id());
                count("allowed");
            } else {
                count("denied");
            }
        }

        private ReservationService.View commit(UUID id, Money cost) {
            return AgentCalls.as(tenant, agent, () -> reservations.commit(id, new ReservationService.Actual(null, cost)));
        }

        private void count(ReservationService.View view, String name) {
            count(view.reservation().lateCommit() ? name + "_late" : name);
        }

        private void count(String name) {
            outcomes.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        }
    }

}
