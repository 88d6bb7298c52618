package io.tollgate.budgets;

import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import io.tollgate.platform.PrefixedId;
import io.tollgate.support.Databases;
import io.tollgate.support.RoundTrips;
import io.tollgate.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/**
 * The round-trip budget of the decision path (issue 13): how many statements, commits and rollbacks one warm reserve
 * and one warm commit send to PostgreSQL, with budgets on every level of the agent's chain. A change that adds a round
 * trip fails here; one that removes some lowers the ceiling with it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // As in production, a replica settles its rate-limit buckets with PostgreSQL now and then, not per request.
        "tollgate.rate-limits.sync.max-unsynchronized-tokens=10",
        "tollgate.rate-limits.sync.max-unsynchronized-time=1h"})
@ActiveProfiles("test")
@Import({TestClock.Configuration.class, RoundTrips.Configuration.class})
class DecisionPathRoundTripsTest {

    /** Round trips a warm reserve may take today; the target of issue 13 is 4. */
    static final int RESERVE_CEILING = 4;
    /** Round trips a warm commit may take today; the target of issue 13 is 4. */
    static final int COMMIT_CEILING = 4;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    RoundTrips roundTrips;

    LedgerFixture org;
    LedgerFixture.AgentKey agent;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Roundtrips");
        agent = org.agent();
        org.budget("org", null, "monthly", "1000", true, "");
        org.budget("team", PrefixedId.format("team", agent.agent().team()), "monthly", "500", true, "");
        org.budget("project", PrefixedId.format("prj", agent.project()), "weekly", "200", true, "");
        org.budget("agent", PrefixedId.format("agt", agent.agent().id()), "daily", "100", true, "");
    }

    @Test
    void a_warm_reserve_and_commit_stay_within_their_round_trip_budget() {
        // Caches (key, chain, prices, prepared statements) fill on the first pair.
        reserveAndCommit();

        Pair measured = reserveAndCommit();

        assertThat(measured.reserve()).as("round trips of a reserve, in order").hasSizeLessThanOrEqualTo(
                RESERVE_CEILING);
        assertThat(measured.commit()).as("round trips of a commit, in order").hasSizeLessThanOrEqualTo(
                COMMIT_CEILING);
        assertThat(measured.reserve()).as("a reserve is one transaction").containsOnlyOnce("COMMIT")
                .doesNotContain("ROLLBACK");
        assertThat(measured.commit()).as("a commit is one transaction").containsOnlyOnce("COMMIT")
                .doesNotContain("ROLLBACK");
    }

    @Test
    void the_counter_sees_every_statement_of_a_request() {
        // Guards the guard: a request that is known to write must be seen writing, or the ceilings prove nothing.
        Pair measured = reserveAndCommit();

        assertThat(measured.reserve()).anyMatch(sql -> sql.toLowerCase().startsWith("insert into reservations"));
        assertThat(measured.commit()).anyMatch(sql -> sql.toLowerCase().contains("update reservations"));
    }

    private Pair reserveAndCommit() {
        String reserveId = "rt-reserve-" + UUID.randomUUID();
        HttpResponse<String> reserved = post(reserveId, "/v1/reservations",
                "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"0.50\"}");
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        assertThat(json(reserved).get("decision").asString()).isEqualTo("ALLOWED");

        String commitId = "rt-commit-" + UUID.randomUUID();
        HttpResponse<String> committed = post(commitId,
                "/v1/reservations/" + json(reserved).get("id").asString() + "/commit", "{\"actual_cost_usd\":\"0.40\"}");
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        return new Pair(roundTrips.of(reserveId), roundTrips.of(commitId));
    }

    private HttpResponse<String> post(String requestId, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + agent.token()).header("Accept", "application/json")
                .header("Content-Type", "application/json").header("X-Request-Id", requestId)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Pair(List<String> reserve, List<String> commit) {
    }
}
