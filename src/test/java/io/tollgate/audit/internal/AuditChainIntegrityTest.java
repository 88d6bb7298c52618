package io.tollgate.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
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
 * The chain proves tampering: an edited row is named exactly, a deleted row shows as a gap, and concurrent
 * writers keep one linear chain per tenant. The database refuses changes to recorded events.
 */
@TollgateTest
class AuditChainIntegrityTest {

    @Autowired
    TenantTransactions transactions;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditVerificationJob verificationJob;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    @Autowired
    AuditSeals seals;

    Databases databases;
    TenantId tenant;

    @BeforeEach
    void tenantWithEvents() {
        databases = Databases.of(environment);
        tenant = AuditFixtures.newTenant(jdbc);
        AuditFixtures.record(transactions, events, tenant, 5);
        seals.sealNow(tenant);
    }

    @Test
    void an_untouched_chain_verifies() {
        double brokenBefore = brokenChains();

        AuditVerification result = verificationJob.verify(tenant);

        assertThat(result.intact()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(5);
        assertThat(result.lastSeq()).isEqualTo(5);
        assertThat(brokenChains()).isEqualTo(brokenBefore);
    }

    /** The gauge counts every tenant this context verified, so tests compare it before and after. */
    private double brokenChains() {
        return meters.get("tollgate.audit.chain.broken").gauge().value();
    }

    @Test
    void an_edit_by_the_database_owner_is_reported_at_exactly_that_event() throws SQLException {
        UUID edited = eventId(3);
        asOwnerWithTriggersOff("UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = 3");
        double brokenBefore = brokenChains();

        AuditVerification result = verificationJob.verify(tenant);

        assertThat(result.intact()).isFalse();
        assertThat(result.problem()).isEqualTo(AuditVerification.Problem.HASH_MISMATCH);
        assertThat(result.brokenSeq()).isEqualTo(3);
        assertThat(result.brokenEventId()).isEqualTo(edited);
        assertThat(brokenChains()).as("this tenant joins the broken count").isEqualTo(brokenBefore + 1);
    }

    @Test
    void an_edit_that_also_rewrites_the_hash_breaks_the_next_link() throws SQLException {
        asOwnerWithTriggersOff("UPDATE audit_events SET actor_name = 'Mallory', hash = repeat('a', 64) WHERE seq = 2");

        AuditVerification result = verificationJob.verify(tenant);

        assertThat(result.intact()).isFalse();
        assertThat(result.brokenSeq()).isEqualTo(2);
        assertThat(result.problem()).isEqualTo(AuditVerification.Problem.HASH_MISMATCH);
    }

    @Test
    void a_deleted_event_is_reported_as_a_gap() throws SQLException {
        UUID after = eventId(4);
        asOwnerWithTriggersOff("DELETE FROM audit_events WHERE seq = 3");

        AuditVerification result = verificationJob.verify(tenant);

        assertThat(result.intact()).isFalse();
        assertThat(result.problem()).isEqualTo(AuditVerification.Problem.GAP);
        assertThat(result.brokenSeq()).isEqualTo(4);
        assertThat(result.brokenEventId()).isEqualTo(after);
        assertThat(verificationJob.verify(AuditFixtures.newTenant(jdbc)).intact()).isTrue();
    }

    @Test
    void the_runtime_role_cannot_update_delete_or_truncate_audit_events() throws SQLException {
        for (String statement : List.of("UPDATE audit_events SET actor_name = 'x'", "DELETE FROM audit_events",
                "TRUNCATE audit_events")) {
            try (Connection connection = databases.asRuntime()) {
                connection.setAutoCommit(false);
                bind(connection);
                assertThatThrownBy(() -> connection.createStatement().execute(statement))
                        .as(statement).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
                connection.rollback();
            }
        }
        assertThat(verificationJob.verify(tenant).eventsChecked()).isEqualTo(5);
    }

    @Test
    void triggers_refuse_update_delete_and_truncate_even_for_the_owner() throws SQLException {
        for (String statement : List.of("UPDATE audit_events SET actor_name = 'x'", "DELETE FROM audit_events",
                "TRUNCATE audit_events")) {
            try (Connection connection = databases.asOwner()) {
                connection.setAutoCommit(false);
                bind(connection);
                assertThatThrownBy(() -> connection.createStatement().execute(statement))
                        .as(statement).hasMessageContaining("append-only");
                connection.rollback();
            }
        }
    }

    @Test
    void eight_concurrent_writers_keep_one_linear_chain_per_tenant() throws Exception {
        TenantId busy = AuditFixtures.newTenant(jdbc);
        TenantId other = AuditFixtures.newTenant(jdbc);
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            TenantId target = t % 4 == 3 ? other : busy;
            done.add(pool.submit(() -> {
                start.await();
                AuditFixtures.record(transactions, events, target, perThread);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        seals.sealNow(busy);
        seals.sealNow(other);

        assertLinear(busy, 6 * perThread);
        assertLinear(other, 2 * perThread);
    }

    private void assertLinear(TenantId id, int expected) {
        AuditVerification result = verificationJob.verify(id);
        List<Long> seqs = transactions.asTenant(id, () -> jdbc.queryForList(
                "SELECT seq FROM audit_events ORDER BY seq", Long.class));
        assertThat(result.intact()).as(result.toString()).isTrue();
        assertThat(seqs).hasSize(expected);
        assertThat(seqs.getFirst()).isEqualTo(1);
        assertThat(seqs.getLast()).isEqualTo(expected);
    }

    private UUID eventId(long seq) {
        return transactions.asTenant(tenant, () -> jdbc.queryForObject(
                "SELECT id FROM audit_events WHERE seq = ?", UUID.class, seq));
    }

    /** The owner bypasses the application: switches the append-only triggers off inside its own transaction. */
    private void asOwnerWithTriggersOff(String statement) throws SQLException {
        try (Connection connection = databases.asOwner()) {
            connection.setAutoCommit(false);
            bind(connection);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete");
                assertThat(ddl.executeUpdate(statement)).isEqualTo(1);
                ddl.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_or_delete");
            }
            connection.commit();
        }
    }

    private void bind(Connection connection) throws SQLException {
        try (PreparedStatement bind = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            bind.setString(1, tenant.toString());
            bind.execute();
        }
    }
}
