package io.tollgate.budgets.internal.leases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.tollgate.budgets.AgentCalls;
import io.tollgate.budgets.LedgerChecks;
import io.tollgate.budgets.LedgerFixture;
import io.tollgate.budgets.ReservationState;
import io.tollgate.budgets.internal.ledger.ReservationService;
import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.Money;
import io.tollgate.platform.TenantId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * The fence under concurrency, against the real database: takeovers are a compare-and-set on the epoch, and a
 * reservation carrying an epoch never commits after the takeover that replaced that epoch has committed.
 */
@TollgateTest
class LeaseFenceTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    LeaseService leases;

    @Autowired
    ReservationService reservations;

    LedgerFixture org;
    LedgerChecks checks;
    UUID agent;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Fence");
        checks = new LedgerChecks(Databases.of(environment));
        LedgerFixture.AgentKey key = org.agent();
        agent = key.agent().id();
        org.budget("agent", key.agent().apiId(), "daily", "1000", true, "");
    }

    @Test
    void thirty_two_parallel_takeovers_each_get_their_own_epoch_and_the_last_is_start_plus_thirty_two() throws Exception {
        long start = as(() -> leases.acquire("first", 300, false)).lease().epoch();
        int n = 32;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> epochs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String instance = "taker-" + i;
            epochs.add(pool.submit(() -> {
                go.await();
                return as(() -> leases.acquire(instance, 300, true)).lease().epoch();
            }));
        }
        go.countDown();
        Set<Long> granted = new TreeSet<>();
        for (Future<Long> epoch : epochs) {
            granted.add(epoch.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(granted).as("every takeover got a distinct epoch").hasSize(n);
        assertThat(granted).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(start + 1, start + n)
                .boxed().toList());
        Lease last = as(() -> leases.current()).lease();
        assertThat(last.epoch()).isEqualTo(start + n);
        assertThat(last.holder()).startsWith("taker-");
        assertThat(checks.count("SELECT count(*) FROM audit_events WHERE tenant_id = ? AND action = 'lease.taken_over'",
                org.tenant)).isEqualTo(n);
    }

    @Test
    void no_allowed_reservation_carries_an_epoch_that_a_committed_takeover_had_replaced() throws Exception {
        AtomicLong known = new AtomicLong(as(() -> leases.acquire("holder-0", 300, false)).lease().epoch());
        int takeovers = 16;
        int reservers = 6;
        AtomicLong ticks = new AtomicLong();
        Map<Long, Long> replacedAt = new ConcurrentHashMap<>();
        Map<Long, Long> allowedWhenReplaced = new ConcurrentHashMap<>();
        record Attempt(long epoch, long startedAt, boolean allowed) {
        }
        ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(reservers);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < reservers; i++) {
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    long epoch = known.get();
                    long startedAt = ticks.incrementAndGet();
                    try {
                        ReservationService.View view = as(() -> reservations.reserve(
                                new ReservationService.ReserveRequest("openai", "gpt-4o-mini", null,
                                        Money.ofUsd("0.001"), 600, Map.of(), epoch)));
                        if (view.state() != ReservationState.ACTIVE) {
                            failures.add("not allowed: " + view.state());
                        }
                        attempts.add(new Attempt(epoch, startedAt, true));
                    } catch (ApiProblemException e) {
                        if (!e.type().toString().endsWith("/" + LeaseFence.STALE_LEASE)) {
                            failures.add(e.type() + ": " + e.getMessage());
                        }
                        attempts.add(new Attempt(epoch, startedAt, false));
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        for (int i = 1; i <= takeovers; i++) {
            long before = known.get();
            String instance = "holder-" + i;
            long after = as(() -> leases.acquire(instance, 300, true)).lease().epoch();
            assertThat(after).isEqualTo(before + 1);
            replacedAt.put(before, ticks.incrementAndGet());
            allowedWhenReplaced.put(before, allowedWith(before));
            known.set(after);
        }
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(failures).as("only stale-lease refusals, no other errors").isEmpty();
        assertThat(attempts.stream().filter(Attempt::allowed).count()).as("the race ran").isPositive();
        for (Attempt attempt : attempts) {
            Long replaced = replacedAt.get(attempt.epoch());
            if (replaced != null && attempt.startedAt() > replaced) {
                assertThat(attempt.allowed()).as("epoch " + attempt.epoch() + " used after its takeover committed")
                        .isFalse();
            }
        }
        allowedWhenReplaced.forEach((epoch, atTakeover) -> assertThat(allowedWith(epoch))
                .as("reservations with epoch " + epoch + " committed after the takeover that replaced it")
                .isEqualTo(atTakeover));
        checks.assertInvariants(new TenantId(org.tenant));
    }

    private long allowedWith(long epoch) {
        return checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ? AND lease_epoch = ? "
                + "AND state <> 'DENIED'", org.tenant, epoch);
    }

    private <T> T as(java.util.function.Supplier<T> work) {
        return AgentCalls.as(org.tenant, agent, work);
    }
}
