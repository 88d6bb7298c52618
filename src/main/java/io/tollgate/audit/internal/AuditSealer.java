package io.tollgate.audit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.AuditSeals;
import io.tollgate.audit.internal.retention.AuditProperties;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Chains unsealed audit events (ADR 0052). A tenant is sealed by one sealer at a time across replicas (a
 * transaction-scoped advisory lock); a batch takes the oldest waiting events in recording order, gives them the
 * next seqs after the stored head, computes their hashes and seals them in one {@code audit_seal()} call.
 *
 * <p>Chain order is sealing order. An event whose transaction commits late is simply not visible to the batch
 * running meanwhile, stays unsealed, and is taken by the next batch, after what that batch sealed: nothing is
 * skipped, because a batch selects by state ("not sealed yet"), never by a position watermark.
 *
 * <p>Work arrives two ways: the writer signals the tenant after its transaction commits, and a periodic sweep finds
 * tenants whose events still wait (a replica died between commit and seal, a batch failed). Signals for a tenant
 * coalesce: one worker drains it, and a signal that arrives meanwhile makes it drain once more.
 */
@Component
class AuditSealer implements AuditSeals, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int AGAIN = 2;

    private enum Outcome { DONE, BUSY, FAILED }

    private record Batch(int sealed, boolean full, double[] waitedSeconds) {

        static final Batch BUSY = new Batch(-1, false, new double[0]);
        static final Batch EMPTY = new Batch(0, false, new double[0]);
    }

    private final AuditSealStore store;
    private final TenantTransactions transactions;
    private final AuditProperties.Seal settings;
    private final ScheduledThreadPoolExecutor workers;
    private final Map<TenantId, AtomicInteger> states = new ConcurrentHashMap<>();
    private final Timer lag;
    private final Counter sealedEvents;
    private final Counter failures;
    private final AtomicLong waitingEvents = new AtomicLong();
    private final AtomicReference<Double> oldestWaitingSeconds = new AtomicReference<>(0.0);
    private final AtomicLong lastSweepEpochSeconds = new AtomicLong();

    AuditSealer(AuditSealStore store, TenantTransactions transactions, AuditProperties properties,
                MeterRegistry meters) {
        this.store = store;
        this.transactions = transactions;
        this.settings = properties.seal();
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ScheduledThreadPoolExecutor(settings.workers(), task -> {
            Thread thread = new Thread(task, "audit-sealer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.workers.setRemoveOnCancelPolicy(true);
        this.lag = Timer.builder("tollgate.audit.seal.lag")
                .description("From recording an audit event to sealing it (objective: p99 at most 2 s)")
                .publishPercentileHistogram().serviceLevelObjectives(Duration.ofSeconds(2))
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
        this.sealedEvents = Counter.builder("tollgate.audit.events.sealed").description("Audit events sealed")
                .register(meters);
        this.failures = Counter.builder("tollgate.audit.seal.failures")
                .description("Sealing batches that failed (retried)").register(meters);
        Gauge.builder("tollgate.audit.unsealed.events", waitingEvents, AtomicLong::get)
                .description("Audit events waiting to be sealed, all tenants, at the last sweep").register(meters);
        Gauge.builder("tollgate.audit.unsealed.oldest.age", oldestWaitingSeconds, AtomicReference::get)
                .description("How long the oldest unsealed audit event had waited at the last sweep")
                .baseUnit("seconds").register(meters);
        Gauge.builder("tollgate.audit.seal.last_sweep", lastSweepEpochSeconds, AtomicLong::get)
                .description("When the seal sweep last completed (epoch seconds)").baseUnit("seconds")
                .register(meters);
    }

    /** After a commit that recorded events of the tenant: seal them soon, on a worker. */
    void signal(TenantId tenant) {
        if (!settings.enabled()) {
            return;
        }
        AtomicInteger state = states.computeIfAbsent(tenant, t -> new AtomicInteger(IDLE));
        while (true) {
            int current = state.get();
            if (current == IDLE && state.compareAndSet(IDLE, RUNNING)) {
                submit(() -> drain(tenant, state), Duration.ZERO, tenant, state);
                return;
            }
            if (current == RUNNING && state.compareAndSet(RUNNING, AGAIN) || current == AGAIN) {
                return;
            }
        }
    }

    /** Seals until nothing waits; a signal that arrived meanwhile (state AGAIN) makes it go round once more. */
    private void drain(TenantId tenant, AtomicInteger state) {
        do {
            state.set(RUNNING);
            Outcome outcome = sealQuietly(tenant);
            if (outcome != Outcome.DONE) {
                // Another replica holds the tenant (its batch may predate our commit), or the batch failed.
                submit(() -> drain(tenant, state), settings.retryDelay(), tenant, state);
                return;
            }
        } while (!state.compareAndSet(RUNNING, IDLE));
    }

    private void submit(Runnable work, Duration delay, TenantId tenant, AtomicInteger state) {
        try {
            workers.schedule(work, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: what waits is sealed by the sweep of whichever replica runs next.
            state.set(IDLE);
            log.debug("Sealer stopped; tenant {} left for the next sweep", tenant);
        }
    }

    private Outcome sealQuietly(TenantId tenant) {
        try {
            return seal(tenant, false) < 0 ? Outcome.BUSY : Outcome.DONE;
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("Sealing the audit events of tenant {} failed; retrying", tenant, e);
            return Outcome.FAILED;
        }
    }

    /**
     * Seals batch after batch; -1 when another sealer holds the tenant and {@code wait} is false (that sealer's
     * batch may predate our commit, so the caller comes back rather than assume it is done).
     */
    private int seal(TenantId tenant, boolean wait) {
        int total = 0;
        Batch batch;
        do {
            batch = transactions.asTenant(tenant, () -> sealOneBatch(tenant, wait));
            if (batch == Batch.BUSY) {
                return -1;
            }
            total += batch.sealed();
            sealedEvents.increment(batch.sealed());
            for (double waited : batch.waitedSeconds()) {
                lag.record(Duration.ofNanos((long) (Math.max(0, waited) * 1e9)));
            }
        } while (batch.full());
        return total;
    }

    private Batch sealOneBatch(TenantId tenant, boolean wait) {
        if (wait) {
            store.lock(tenant);
        } else if (!store.tryLock(tenant)) {
            return Batch.BUSY;
        }
        List<AuditSealStore.Waiting> waiting = store.waiting(settings.batchSize());
        if (waiting.isEmpty()) {
            return Batch.EMPTY;
        }
        AuditSealStore.Head head = store.head();
        List<AuditRecord> sealed = new ArrayList<>(waiting.size());
        double[] waited = new double[waiting.size()];
        long seq = head.seq();
        String prev = head.hash();
        for (int i = 0; i < waiting.size(); i++) {
            AuditRecord record = waiting.get(i).record().sealedAt(++seq, prev);
            sealed.add(record);
            waited[i] = waiting.get(i).waitedSeconds();
            prev = record.hash();
        }
        int count = store.seal(sealed);
        return new Batch(count, waiting.size() == settings.batchSize(), waited);
    }

    @Override
    public int sealNow(TenantId tenant) {
        return seal(tenant, true);
    }

    @Override
    public long sealAll() {
        long total = 0;
        for (AuditSealStore.Backlog backlog : store.backlog()) {
            total += sealNow(backlog.tenant());
        }
        return total;
    }

    /** Finds every tenant whose events still wait, hands each to a worker, and refreshes the backlog gauges. */
    @Scheduled(initialDelayString = "${tollgate.audit.seal.sweep-initial-delay:PT10S}",
            fixedDelayString = "${tollgate.audit.seal.sweep-interval:PT5S}")
    void sweep() {
        List<AuditSealStore.Backlog> backlog = store.backlog();
        waitingEvents.set(backlog.stream().mapToLong(AuditSealStore.Backlog::waiting).sum());
        oldestWaitingSeconds.set(backlog.stream().mapToDouble(AuditSealStore.Backlog::oldestWaitedSeconds)
                .max().orElse(0));
        lastSweepEpochSeconds.set(System.currentTimeMillis() / 1000);
        backlog.forEach(waiting -> signal(waiting.tenant()));
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
