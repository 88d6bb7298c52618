package io.tollgate.budgets;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tollgate.platform.PrefixedId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** DESIGN §6 on the money-moving POSTs: one effect per key, replays, reuse and in-flight refusals. */
@TollgateTest
class IdempotentReservationsTest {

    private static final String BODY = "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"0.5\"}";

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerFixture org;
    LedgerChecks checks;
    LedgerFixture.AgentKey agent;
    String teamBudget;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Idempotent");
        checks = new LedgerChecks(Databases.of(environment));
        agent = org.agent();
        teamBudget = org.budget("team", PrefixedId.format("team", agent.agent().team()), "monthly", "100", true, "");
    }

    @Test
    void fifty_parallel_identical_requests_have_exactly_one_effect() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return org.post(agent.token(), "/v1/reservations", BODY, "parallel-1");
            }));
        }
        start.countDown();
        List<String> ids = new ArrayList<>();
        int inFlight = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(1, TimeUnit.MINUTES);
            if (response.statusCode() == 409) {
                assertProblem(response, 409, "idempotency-key-in-flight");
                inFlight++;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                ids.add(json(response).get("id").asString());
            }
        }
        pool.shutdown();

        assertThat(ids).isNotEmpty().allMatch(ids.getFirst()::equals);
        assertThat(ids.size() + inFlight).isEqualTo(50);
        assertThat(checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ?", org.tenant)).isEqualTo(1);
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("0.50");
        HttpResponse<String> later = org.post(agent.token(), "/v1/reservations", BODY, "parallel-1");
        assertThat(later.statusCode()).isEqualTo(201);
        assertThat(later.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(later).get("id").asString()).isEqualTo(ids.getFirst());
    }

    @Test
    void the_same_key_with_another_payload_is_422_and_changes_nothing() {
        String id = json(org.post(agent.token(), "/v1/reservations", BODY, "key-a")).get("id").asString();

        assertProblem(org.post(agent.token(), "/v1/reservations", BODY.replace("0.5", "0.6"), "key-a"), 422,
                "idempotency-key-reused");

        assertThat(checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ?", org.tenant)).isEqualTo(1);
        HttpResponse<String> commit = org.post(agent.token(), "/v1/reservations/" + id + "/commit",
                "{\"actual_cost_usd\":\"0.4\"}", "commit-a");
        HttpResponse<String> again = org.post(agent.token(), "/v1/reservations/" + id + "/commit",
                "{\"actual_cost_usd\":\"0.4\"}", "commit-a");
        assertThat(again.body()).isEqualTo(commit.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertProblem(org.post(agent.token(), "/v1/reservations/" + id + "/commit", "{\"actual_cost_usd\":\"0.3\"}",
                "commit-a"), 422, "idempotency-key-reused");
        assertThat(org.budgetView(teamBudget).get("spent_usd").asString()).isEqualTo("0.40");
    }

    @Test
    void keys_belong_to_one_credential_and_a_failed_request_leaves_the_key_free() {
        LedgerFixture.AgentKey other = org.agent();
        String mine = json(org.post(agent.token(), "/v1/reservations", BODY, "shared")).get("id").asString();
        String theirs = json(org.post(other.token(), "/v1/reservations", BODY, "shared")).get("id").asString();
        assertThat(theirs).isNotEqualTo(mine);

        assertProblem(org.post(agent.token(), "/v1/reservations", "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                + "\"estimated_cost_usd\":\"-1\"}", "retry-me"), 422, "validation-failed");
        assertThat(org.post(agent.token(), "/v1/reservations", BODY, "retry-me").statusCode()).isEqualTo(201);
        assertProblem(org.post(agent.token(), "/v1/reservations", BODY, "x".repeat(256)), 422, "validation-failed");
    }

    @Test
    void a_repeated_request_that_could_no_longer_be_carried_out_still_gets_the_first_answer() {
        HttpResponse<String> first = org.post(agent.token(), "/v1/reservations", BODY, "before-the-policy");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        // From now on this agent needs a lease: the same reserve, carried out again, is refused.
        org.fixtures.sql("""
                INSERT INTO agent_lease_policies (tenant_id, agent_id, leases_required, updated_by)
                VALUES (?, ?, true, 'operator')""", org.tenant, agent.agent().id());
        assertProblem(org.post(agent.token(), "/v1/reservations", BODY, "after-the-policy"), 409, "lease-required");

        HttpResponse<String> again = org.post(agent.token(), "/v1/reservations", BODY, "before-the-policy");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void a_replay_leaves_nothing_of_running_the_request_again() {
        HttpResponse<String> first = org.post(agent.token(), "/v1/reservations", BODY, "once");

        HttpResponse<String> again = org.post(agent.token(), "/v1/reservations", BODY, "once");

        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ?", org.tenant)).isEqualTo(1);
        assertThat(checks.count("SELECT count(*) FROM audit_events WHERE tenant_id = ? AND action = 'reservation.allowed'",
                org.tenant)).as("one audit event: the second run was rolled back with its event").isEqualTo(1);
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("0.50");
    }
}
