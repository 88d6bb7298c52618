package io.tollgate.budgets;

import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tollgate.platform.PrefixedId;
import io.tollgate.support.ChildApp;
import io.tollgate.support.Databases;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 5, "Crash": the app runs as a separate JVM on its own embedded PostgreSQL data directory and takes concurrent
 * reserve/commit traffic over HTTP from agent keys; it is killed with SIGKILL mid-load and started again on the same
 * data. Every reservation answered 201 must still be there in a state that agrees with what its client was told,
 * the ledger invariants must hold, and the restarted app's sweeper must release holds once they are past due.
 */
class ReservationCrashTest {

    private static final int WORKERS = 16;
    private static final int ANSWERED_BEFORE_KILL = 200;

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    @TempDir
    Path logs;

    private static final String[] SWEEP_EVERY_SECOND = {"--tollgate.ledger.sweep-initial-delay=PT1S",
            "--tollgate.ledger.sweep-interval=PT1S"};

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
    void every_acknowledged_reservation_survives_kill_minus_nine_and_the_restarted_sweeper_expires_due_holds()
            throws Exception {
        app.start(SWEEP_EVERY_SECOND);
        Databases databases = app.databases();
        LedgerFixture org = new LedgerFixture(app.httpPort(), databases, "Crash");
        LedgerChecks checks = new LedgerChecks(databases);
        org.budget("org", null, "monthly", "1000", true, "");
        List<LedgerFixture.AgentKey> agents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            LedgerFixture.AgentKey agent = org.agent();
            // Tight enough that holds are denied well before the kill (about ten allowed per team), so the run
            // exercises the limit check and the restart must keep denials denied.
            org.budget("team", PrefixedId.format("team", agent.agent().team()), "monthly", "0.5", true, "");
            agents.add(agent);
        }

        // Load: reserve, and commit a third of the allowed holds; remember every 201 and every 200 commit.
        Map<String, String> answered = new ConcurrentHashMap<>(); // reservation id → decision
        Map<String, Boolean> committed = new ConcurrentHashMap<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<String> unexpectedAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
        for (int w = 0; w < WORKERS; w++) {
            LedgerFixture.AgentKey agent = agents.get(w % agents.size());
            load.submit(() -> {
                while (!killed.get()) {
                    try {
                        var reserved = org.reserve(agent, "0.0" + (1 + ThreadLocalRandom.current().nextInt(9)));
                        if (reserved.statusCode() != 201) {
                            if (!killed.get()) {
                                unexpectedAnswers.add(reserved.statusCode() + " " + reserved.body());
                            }
                            continue;
                        }
                        JsonNode body = json(reserved);
                        String id = body.get("id").asString();
                        answered.put(id, body.get("decision").asString());
                        if ("ALLOWED".equalsIgnoreCase(body.get("decision").asString())
                                && ThreadLocalRandom.current().nextInt(3) == 0) {
                            var done = org.commit(agent, id, "0.005");
                            if (done.statusCode() == 200) {
                                committed.put(id, true);
                            } else if (!killed.get()) {
                                unexpectedAnswers.add("commit " + done.statusCode() + " " + done.body());
                            }
                        }
                    } catch (RuntimeException e) {
                        if (!killed.get()) {
                            unexpectedAnswers.add(e.toString());
                        }
                    }
                }
            });
        }
        Awaitility.await("reservations answered before the kill").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> answered.size() >= ANSWERED_BEFORE_KILL || !unexpectedAnswers.isEmpty());

        killed.set(true); // from here on, requests cut off by the kill are expected
        app.killMinusNine();
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unexpectedAnswers).as("answers other than 201 / 200 before the kill").isEmpty();
        assertThat(answered.values()).as("the load met the limit check both ways").contains("ALLOWED", "DENIED");
        assertThat(committed).as("commits acknowledged before the kill").isNotEmpty();

        app.start(SWEEP_EVERY_SECOND);

        // Every 201 is there, in a state consistent with what the client was told.
        Map<UUID, String> states = states(databases, org.tenant);
        List<String> problems = new ArrayList<>();
        answered.forEach((id, decision) -> {
            String state = states.get(PrefixedId.parse("rsv", id, "reservation"));
            if (state == null) {
                problems.add(id + " answered 201 (" + decision + ") is missing");
            } else if ("DENIED".equalsIgnoreCase(decision) && !state.equals("DENIED")) {
                problems.add(id + " was denied but is " + state);
            } else if ("ALLOWED".equalsIgnoreCase(decision) && committed.containsKey(id) && !state.equals("COMMITTED")) {
                problems.add(id + " was committed (200) but is " + state);
            } else if ("ALLOWED".equalsIgnoreCase(decision)
                    && !List.of("ACTIVE", "COMMITTED").contains(state)) {
                problems.add(id + " was allowed but is " + state);
            }
        });
        assertThat(problems).isEmpty();
        assertThat(checks.violations(org.tenant)).as("ledger invariants after the restart").isEmpty();

        // The restarted app serves reservations again.
        var after = org.reserve(agents.getFirst(), "0.01");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);

        // Time passes (as the database clock sees it): every open hold is due, and the restarted sweeper expires it.
        long active = checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ? AND state = 'ACTIVE'",
                org.tenant);
        assertThat(active).as("holds left open by the kill").isPositive();
        org.fixtures.sql("UPDATE reservations SET expires_at = now() - interval '1 second' "
                + "WHERE tenant_id = ? AND state = 'ACTIVE'", org.tenant);
        Awaitility.await("the restarted sweeper expires the due holds").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ? AND state = 'ACTIVE'",
                        org.tenant) == 0);
        assertThat(checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ? AND state = 'EXPIRED'",
                org.tenant)).isGreaterThanOrEqualTo(active);
        assertThat(checks.count("SELECT coalesce(sum(reserved_nanos), 0) FROM budget_windows WHERE tenant_id = ?",
                org.tenant)).as("nothing held any more").isZero();
        assertThat(checks.violations(org.tenant)).as("ledger invariants after the sweep").isEmpty();
    }

    private static Map<UUID, String> states(Databases databases, UUID tenant) throws SQLException {
        Map<UUID, String> states = new java.util.HashMap<>();
        try (Connection connection = databases.asSuperuser();
             PreparedStatement ps = connection.prepareStatement(
                     "SELECT id, state FROM reservations WHERE tenant_id = ?")) {
            ps.setObject(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        return states;
    }
}
