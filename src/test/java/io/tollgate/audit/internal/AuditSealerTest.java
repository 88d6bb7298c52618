package io.tollgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditSeals;
import io.tollgate.audit.AuditVerification;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sealer (ADR 0052): audited writes record events unsealed and without a chain lock; sealing chains every
 * committed event exactly once, in an order consistent with commit visibility, and verification reports what
 * still waits as pending, never as tampering. The database lets nobody but {@code audit_seal()} seal, and only
 * as a continuation of the stored chain.
 */
@TollgateTest
class AuditSealerTest {

    @Autowired
    TenantTransactions transactions;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditVerificationJob verificationJob;

    @Autowired
    AuditSeals seals;

    @Autowired
    AuditSealer sealer;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    Databases databases;
    TenantId tenant;

    @BeforeEach
    void tenant() {
        databases = Databases.of(environment);
        tenant = AuditFixtures.newTenant(jdbc);
    }

    @Test
    void sixteen_threads_writing_for_one_tenant_while_sealers_race_end_in_one_chain_sealed_exactly_once()
            throws Exception {
        int threads = 16;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(pool.submit(() -> {
                start.await();
                AuditFixtures.record(transactions, events, tenant, perThread);
                return null;
            }));
        }
        // Two more sealers (as other replicas would be) race the background workers the commits signal.
        List<Future<Integer>> racers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            racers.add(pool.submit(() -> {
                start.await();
                int sealed = 0;
                while (writing.get()) {
                    sealed += seals.sealNow(tenant);
                }
                return sealed;
            }));
        }
        start.countDown();
        for (Future<?> writer : writers) {
            writer.get(3, TimeUnit.MINUTES);
        }
        writing.set(false);
        int racedSeals = 0;
        for (Future<Integer> racer : racers) {
            racedSeals += racer.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        seals.sealNow(tenant);

        int total = threads * perThread;
        AuditVerification result = verificationJob.verify(tenant);
        assertThat(result.intact()).as(result.toString()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(total);
        assertThat(result.pendingEvents()).isZero();
        List<Long> seqs = inTenant("SELECT seq FROM audit_events ORDER BY seq", Long.class);
        assertThat(seqs).hasSize(total).doesNotHaveDuplicates().first().isEqualTo(1L);
        assertThat(seqs.getLast()).isEqualTo(total);
        // Exactly once: every recorded event holds one seq, and what the racers sealed is a part of them.
        assertThat(inTenant("SELECT count(*) FROM audit_events", Long.class)).containsExactly((long) total);
        assertThat(racedSeals).isBetween(0, total);
    }

    @Test
    void events_committed_but_not_sealed_are_pending_not_tampering_and_the_next_seal_chains_them()
            throws SQLException {
        AuditFixtures.record(transactions, events, tenant, 3);
        seals.sealNow(tenant);
        // As a replica that died between commit and seal leaves them: committed, unsealed, nobody signalled.
        insertUnsealed("crashed.1");
        insertUnsealed("crashed.2");

        AuditVerification pending = verificationJob.verify(tenant);
        assertThat(pending.intact()).isTrue();
        assertThat(pending.eventsChecked()).isEqualTo(3);
        assertThat(pending.pendingEvents()).isEqualTo(2);
        assertThat(pending.oldestPendingAt()).isNotNull();

        assertThat(seals.sealNow(tenant)).isEqualTo(2);

        AuditVerification sealed = verificationJob.verify(tenant);
        assertThat(sealed.intact()).isTrue();
        assertThat(sealed.eventsChecked()).isEqualTo(5);
        assertThat(sealed.lastSeq()).isEqualTo(5);
        assertThat(sealed.pendingEvents()).isZero();
        assertThat(inTenant("SELECT action FROM audit_events WHERE seq > 3 ORDER BY seq", String.class))
                .containsExactly("crashed.1", "crashed.2");
    }

    @Test
    void an_event_committing_after_a_later_recorded_one_was_sealed_is_sealed_next_never_skipped()
            throws SQLException {
        AuditFixtures.record(transactions, events, tenant, 1);
        seals.sealNow(tenant);
        try (Connection slow = bound(databases.asRuntime())) {
            slow.setAutoCommit(false);
            insertUnsealed(slow, "recorded.first.committed.last");
            // A later-recorded event commits and is sealed while the first transaction is still open.
            insertUnsealed("recorded.second.committed.first");
            assertThat(seals.sealNow(tenant)).isEqualTo(1);
            slow.commit();
        }
        assertThat(seals.sealNow(tenant)).isEqualTo(1);

        assertThat(inTenant("SELECT action FROM audit_events ORDER BY seq", String.class)).containsExactly(
                "test.happened", "recorded.second.committed.first", "recorded.first.committed.last");
        AuditVerification result = verificationJob.verify(tenant);
        assertThat(result.intact()).as(result.toString()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(3);
        assertThat(result.pendingEvents()).isZero();
    }

    @Test
    void a_rolled_back_change_leaves_no_event_to_seal() {
        assertThatThrownBy(() -> transactions.runAsTenant(tenant, () -> {
            events.publishEvent(new AuditFixtures.TestEvent(tenant, "test.rolled_back", "t", Map.of()));
            throw new IllegalStateException("the change fails");
        })).hasMessage("the change fails");

        assertThat(seals.sealNow(tenant)).isZero();
        assertThat(inTenant("SELECT count(*) FROM audit_events", Long.class)).containsExactly(0L);
    }

    @Test
    void the_sweep_reports_the_backlog_and_hands_the_tenant_to_a_worker() throws SQLException {
        insertUnsealed("waiting.for.the.sweep");

        sealer.sweep();

        assertThat(meters.get("tollgate.audit.unsealed.events").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("tollgate.audit.unsealed.oldest.age").gauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(meters.get("tollgate.audit.seal.last_sweep").gauge().value()).isPositive();
        seals.sealNow(tenant); // whoever seals first, the worker or this call, the event is sealed once
        assertThat(inTenant("SELECT count(*) FROM audit_events WHERE seq IS NULL", Long.class))
                .containsExactly(0L);
        assertThat(inTenant("SELECT count(*) FROM audit_events WHERE seq = 1", Long.class)).containsExactly(1L);
    }

    @Test
    void sealing_records_how_long_each_event_waited() throws SQLException {
        insertUnsealed("timed");
        long before = meters.get("tollgate.audit.seal.lag").timer().count();

        assertThat(seals.sealNow(tenant)).isEqualTo(1);

        assertThat(meters.get("tollgate.audit.seal.lag").timer().count()).isGreaterThan(before);
    }

    @Test
    void nobody_seals_outside_audit_seal_and_audit_seal_only_continues_the_chain() throws SQLException {
        AuditFixtures.record(transactions, events, tenant, 2);
        seals.sealNow(tenant);
        UUID waiting = insertUnsealed("waiting");
        String head = inTenant("SELECT hash FROM audit_events WHERE seq = 2", String.class).getFirst();

        // The runtime role has no UPDATE; the owner may not seal by hand even with the flag set.
        try (Connection runtime = bound(databases.asRuntime())) {
            assertThatThrownBy(() -> runtime.createStatement().executeUpdate(
                    "UPDATE audit_events SET seq = 3, prev_hash = '" + head + "', hash = repeat('a', 64)"
                            + " WHERE seq IS NULL"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
        try (Connection owner = bound(databases.asOwner())) {
            owner.setAutoCommit(false);
            owner.createStatement().execute("SELECT set_config('tollgate.audit_seal', 'on', true)");
            assertThatThrownBy(() -> owner.createStatement().executeUpdate(
                    "UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = 1"))
                    .hasMessageContaining("append-only");
            owner.rollback();
        }
        // audit_seal refuses a seal that does not continue the head, and a second seal of a sealed event.
        try (Connection runtime = bound(databases.asRuntime())) {
            assertThatThrownBy(() -> seal(runtime, waiting, 7, head)).hasMessageContaining("does not continue");
            assertThatThrownBy(() -> seal(runtime, waiting, 3, AuditChain.GENESIS))
                    .hasMessageContaining("does not continue");
            UUID sealedOne = inTenant("SELECT id FROM audit_events WHERE seq = 2", UUID.class).getFirst();
            assertThatThrownBy(() -> seal(runtime, sealedOne, 3, head)).hasMessageContaining("were waiting");
        }
        assertThat(seals.sealNow(tenant)).isEqualTo(1);
        assertThat(verificationJob.verify(tenant).intact()).isTrue();
    }

    @Test
    void a_sealed_event_edited_by_the_owner_is_still_named_by_the_verifier() throws SQLException {
        AuditFixtures.record(transactions, events, tenant, 3);
        seals.sealNow(tenant);
        insertUnsealed("still.waiting");
        try (Connection owner = bound(databases.asOwner())) {
            owner.setAutoCommit(false);
            owner.createStatement().execute(
                    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete");
            owner.createStatement().executeUpdate("UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = 2");
            owner.createStatement().execute(
                    "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_or_delete");
            owner.commit();
        }

        AuditVerification result = verificationJob.verify(tenant);

        assertThat(result.intact()).isFalse();
        assertThat(result.brokenSeq()).isEqualTo(2);
        assertThat(result.problem()).isEqualTo(AuditVerification.Problem.HASH_MISMATCH);
        assertThat(result.pendingEvents()).isEqualTo(1);
    }

    @Test
    void the_seal_trigger_guards_every_column_of_audit_events() {
        // The append-only trigger compares these columns of OLD and NEW when audit_seal() seals (0019): a column
        // added to audit_events must be added there too, or sealing could change it unnoticed.
        List<String> columns = jdbc.queryForList("SELECT column_name::text FROM information_schema.columns"
                + " WHERE table_name = 'audit_events' ORDER BY column_name", String.class);

        assertThat(columns).containsExactlyInAnyOrder("tenant_id", "id", "occurred_at", "actor_type", "actor_id",
                "actor_name", "action", "target_type", "target_id", "request_id", "trace_id", "ip", "user_agent",
                "changes", "recorded_order", "seq", "prev_hash", "hash", "sealed_at");
    }

    private UUID insertUnsealed(String action) throws SQLException {
        try (Connection connection = bound(databases.asRuntime())) {
            return insertUnsealed(connection, action);
        }
    }

    private UUID insertUnsealed(Connection connection, String action) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO audit_events (tenant_id, id, occurred_at, actor_type, actor_name, action, target_type,
                                          changes)
                VALUES (?, ?, date_trunc('microseconds', clock_timestamp()), 'SYSTEM', 'Tollgate', ?, 'test', '{}')""")) {
            insert.setObject(1, tenant.value());
            insert.setObject(2, id);
            insert.setString(3, action);
            insert.executeUpdate();
        }
        return id;
    }

    private void seal(Connection connection, UUID id, long seq, String prevHash) throws SQLException {
        try (PreparedStatement call = connection.prepareStatement("SELECT audit_seal(?, ?, ?, ?)")) {
            Array ids = connection.createArrayOf("uuid", new Object[] {id});
            call.setArray(1, ids);
            call.setArray(2, connection.createArrayOf("bigint", new Object[] {seq}));
            call.setArray(3, connection.createArrayOf("text", new Object[] {prevHash}));
            call.setArray(4, connection.createArrayOf("text", new Object[] {"b".repeat(64)}));
            call.executeQuery();
        }
    }

    /** A connection with the tenant bound for the session, as the app binds it per transaction. */
    private Connection bound(Connection connection) throws SQLException {
        try (PreparedStatement bind = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
            bind.setString(1, tenant.toString());
            bind.execute();
        }
        return connection;
    }

    private <T> List<T> inTenant(String sql, Class<T> type) {
        return transactions.asTenant(tenant, () -> jdbc.queryForList(sql, type));
    }
}
