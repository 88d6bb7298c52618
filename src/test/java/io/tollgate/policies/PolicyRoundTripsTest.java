package io.tollgate.policies;

import static io.tollgate.policies.PolicyClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import io.tollgate.budgets.LedgerFixture;
import io.tollgate.support.Databases;
import io.tollgate.support.RoundTrips;
import io.tollgate.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/**
 * DESIGN §10: policies add no database round trip to a warm reserve unless the published bundle references
 * {@code history}, which costs exactly one statement.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tollgate.rate-limits.sync.max-unsynchronized-tokens=10",
        "tollgate.rate-limits.sync.max-unsynchronized-time=1h"})
@ActiveProfiles("test")
@Import({TestClock.Configuration.class, RoundTrips.Configuration.class})
class PolicyRoundTripsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    RoundTrips roundTrips;

    @Test
    void a_published_bundle_costs_no_round_trip_and_history_costs_one() {
        LedgerFixture org = new LedgerFixture(port, Databases.of(environment), "PolicyTrips");
        LedgerFixture.AgentKey agent = org.agent();
        org.budget("org", null, "monthly", "1000", true, "");
        PolicyClient policies = new PolicyClient(org.owner);
        reserve(agent);
        List<String> none = reserve(agent);

        policies.addOrgRule("Big", "request.estimated_usd > 100.0 && time.local_hour >= 0", "deny");
        policies.publish();
        reserve(agent);
        List<String> rules = reserve(agent);

        policies.addOrgRule("Busy", "history.requests_last_hour > 1000", "deny");
        policies.publish();
        reserve(agent);
        List<String> history = reserve(agent);

        assertThat(rules).as("round trips with 1 rule published, none needing history").hasSameSizeAs(none);
        assertThat(history).as("round trips with a rule reading history").hasSize(none.size() + 1);
    }

    private List<String> reserve(LedgerFixture.AgentKey agent) {
        String requestId = "policy-rt-" + UUID.randomUUID();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/reservations"))
                .header("Authorization", "Bearer " + agent.token()).header("Accept", "application/json")
                .header("Content-Type", "application/json").header("X-Request-Id", requestId)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"0.50\"}")).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(json(response).get("decision").asString()).isEqualTo("ALLOWED");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return roundTrips.of(requestId);
    }
}
