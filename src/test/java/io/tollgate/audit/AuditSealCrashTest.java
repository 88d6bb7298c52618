package io.tollgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tollgate.budgets.LedgerFixture;
import io.tollgate.support.ChildApp;
import io.tollgate.support.Databases;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADR 0052, "nothing acknowledged is lost": the app runs as a separate JVM on its own embedded PostgreSQL and takes
 * audited reservations over HTTP with sealing switched off, so every audit event it acknowledges is committed and
 * unsealed when it is killed with SIGKILL. Started again on the same data, with sealing on, its sweep finds the
 * events nobody signalled and seals them: each answered reservation has its event, the chain is contiguous and every
 * link and hash recomputes.
 */
class AuditSealCrashTest {

    private static final int WORKERS = 8;
    private static final int ANSWERED_BEFORE_KILL = 60;

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    /** Kept after the run (target/), to read what the app said when this test fails. */
    private final Path logs = Path.of("target", "audit-seal-crash");

    private ChildApp app;

    @BeforeEach
    void createApp() {
        app = new ChildApp(dataDir, home, logs);
    }

    @AfterEach
    void stopApp() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void events_committed_before_a_kill_minus_nine_are_sealed_after_the_restart() throws Exception {
        app.start("--tollgate.audit.seal.enabled=false");
        Databases databases = app.databases();
        LedgerFixture org = new LedgerFixture(app.httpPort(), databases, "Sealcrash");
        org.budget("org", null, "monthly", "1000", true, "");
        List<LedgerFixture.AgentKey> agents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            agents.add(org.agent());
        }

        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
        for (int w = 0; w < WORKERS; w++) {
            LedgerFixture.AgentKey agent = agents.get(w % agents.size());
            load.submit(() -> {
                while (!killed.get()) {
                    try {
                        var reserved = org.reserve(agent, "0.01");
                        if (reserved.statusCode() == 201) {
                            answered.add(LedgerFixture.json(reserved).get("id").asString());
                        } else if (!killed.get()) {
                            unexpected.add(reserved.statusCode() + " " + reserved.body());
                        }
                    } catch (RuntimeException e) {
                        if (!killed.get()) {
                            unexpected.add(e.toString());
                        }
                    }
                }
            });
        }
        Awaitility.await("reservations answered before the kill").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> answered.size() >= ANSWERED_BEFORE_KILL || !unexpected.isEmpty());
        killed.set(true);
        app.killMinusNine();
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unexpected).as("answers other than 201 before the kill").isEmpty();
        // The database outlives the JVM: what the dead app committed is there, and none of it is sealed.
        assertThat(count(databases, "SELECT count(*) FROM audit_events WHERE tenant_id = ? AND seq IS NULL",
                org.tenant)).isGreaterThanOrEqualTo(answered.size());
        assertThat(count(databases, "SELECT count(*) FROM audit_events WHERE tenant_id = ? AND seq IS NOT NULL",
                org.tenant)).isZero();

        app.start("--tollgate.audit.seal.sweep-initial-delay=PT1S", "--tollgate.audit.seal.sweep-interval=PT1S");
        Awaitility.await("the restarted sweep seals what was committed before the kill")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> count(databases, "SELECT count(*) FROM audit_events WHERE tenant_id = ? AND seq IS NULL",
                        org.tenant) == 0);

        List<AuditRecord> chain = chain(databases, org.tenant);
        Set<String> audited = ConcurrentHashMap.newKeySet();
        long expectedSeq = 1;
        String expectedPrev = AuditChain.GENESIS;
        for (AuditRecord event : chain) {
            assertThat(event.seq()).as("seq of " + event.action()).isEqualTo(expectedSeq);
            assertThat(event.prevHash()).as("link of seq " + expectedSeq).isEqualTo(expectedPrev);
            assertThat(AuditChain.hash(event)).as("hash of seq " + expectedSeq).isEqualTo(event.hash());
            if (event.targetId() != null && event.action().startsWith("reservation.")) {
                audited.add(event.targetId());
            }
            expectedSeq++;
            expectedPrev = event.hash();
        }
        assertThat(audited).as("every acknowledged reservation has its audit event").containsAll(answered);
        assertThat(answered).hasSizeGreaterThanOrEqualTo(ANSWERED_BEFORE_KILL);
    }

    private static long count(Databases databases, String sql, UUID tenant) throws SQLException {
        try (Connection connection = databases.asSuperuser();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, tenant);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<AuditRecord> chain(Databases databases, UUID tenant) throws SQLException {
        List<AuditRecord> chain = new ArrayList<>();
        try (Connection connection = databases.asSuperuser();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT tenant_id, id, seq, occurred_at, actor_type, actor_id, actor_name, action, target_type,
                            target_id, request_id, trace_id, ip, user_agent, changes, prev_hash, hash
                     FROM audit_events WHERE tenant_id = ? ORDER BY seq""")) {
            query.setObject(1, tenant);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    chain.add(new AuditRecord(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getObject(3, Long.class), rs.getTimestamp(4).toInstant(), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                            rs.getString(16), rs.getString(17)));
                }
            }
        }
        return chain;
    }
}
