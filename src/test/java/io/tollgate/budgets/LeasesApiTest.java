package io.tollgate.budgets;

import static io.tollgate.budgets.LedgerFixture.json;
import static io.tollgate.identity.BearerFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import io.tollgate.budgets.internal.leases.LeasePolicy;
import io.tollgate.platform.TenantId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/** Fencing leases over real HTTP with an agent's key: acquire, takeover, the fence on reserve and commit, policy. */
@TollgateTest
class LeasesApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerChecks checks;
    LedgerFixture org;
    LedgerFixture.AgentKey agent;
    String agentBudget;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Leases");
        checks = new LedgerChecks(Databases.of(environment));
        agent = org.agent();
        agentBudget = org.budget("agent", agent.agent().apiId(), "daily", "10", true, "");
    }

    @Test
    void a_free_lease_is_acquired_with_epoch_one_and_another_instance_is_refused_while_it_is_live() {
        Instant before = databaseNow();
        HttpResponse<String> acquired = acquire("worker-a", "");
        assertThat(acquired.statusCode()).as(acquired.body()).isEqualTo(201);
        JsonNode lease = json(acquired);
        assertThat(lease.get("epoch").asLong()).isEqualTo(1);
        assertThat(lease.get("instance_id").asString()).isEqualTo("worker-a");
        assertThat(lease.get("state").asString()).isEqualTo("held");
        assertThat(lease.get("agent_id").asString()).isEqualTo(agent.agent().apiId());
        assertExpiresAfter(lease, LeasePolicy.DEFAULT_TTL_SECONDS, before, databaseNow());

        HttpResponse<String> held = acquire("worker-b", "");
        assertProblem(held, 409, "lease-held");
        assertThat(json(held).get("detail").asString()).contains("worker-a").contains("epoch 1");

        HttpResponse<String> again = acquire("worker-a", "");
        assertThat(again.statusCode()).as("the holder asking again keeps its epoch").isEqualTo(200);
        assertThat(json(again).get("epoch").asLong()).isEqualTo(1);

        JsonNode current = json(org.get(agent.token(), "/v1/leases/current"));
        assertThat(current.get("epoch").asLong()).isEqualTo(1);
        assertThat(current.get("instance_id").asString()).isEqualTo("worker-a");
        assertThat(current.get("leases_required").asBoolean()).isFalse();
        assertThat(auditCount("lease.acquired")).isEqualTo(1);
    }

    @Test
    void a_takeover_increments_the_epoch_and_the_old_epoch_can_no_longer_reserve_commit_or_heartbeat() {
        acquire("worker-a", "");
        String reserved = json(reserve(1L, "1")).get("id").asString();
        assertThat(org.budgetView(agentBudget).get("held_usd").asString()).isEqualTo("1.00");

        HttpResponse<String> taken = acquire("worker-b", ",\"takeover\":true");
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
        assertThat(json(taken).get("epoch").asLong()).isEqualTo(2);
        assertThat(auditCount("lease.taken_over")).isEqualTo(1);

        long reservationsBefore = reservations();
        HttpResponse<String> staleReserve = reserve(1L, "2");
        assertProblem(staleReserve, 409, "stale-lease");
        assertThat(json(staleReserve).get("detail").asString()).contains("current epoch is 2");
        assertThat(reservations()).as("a refused reservation stores nothing").isEqualTo(reservationsBefore);
        assertThat(org.budgetView(agentBudget).get("held_usd").asString()).isEqualTo("1.00");

        HttpResponse<String> staleCommit = org.post(agent.token(), "/v1/reservations/" + reserved + "/commit",
                "{\"actual_cost_usd\":\"0.5\",\"lease_epoch\":1}", null);
        assertProblem(staleCommit, 409, "stale-lease");
        assertThat(json(org.get(agent.token(), "/v1/reservations/" + reserved)).get("state").asString())
                .isEqualTo("active");
        assertThat(org.budgetView(agentBudget).get("spent_usd").asString()).isEqualTo("0.00");

        assertProblem(org.post(agent.token(), "/v1/leases/1/heartbeat", null, null), 409, "stale-lease");
        assertProblem(org.post(agent.token(), "/v1/leases/1/release", null, null), 409, "stale-lease");

        assertThat(reserve(2L, "1").statusCode()).isEqualTo(201);
        HttpResponse<String> commit = org.post(agent.token(), "/v1/reservations/" + reserved + "/commit",
                "{\"actual_cost_usd\":\"0.5\",\"lease_epoch\":2}", null);
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
        assertThat(org.budgetView(agentBudget).get("spent_usd").asString()).isEqualTo("0.50");
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void a_heartbeat_extends_the_live_lease_and_a_release_frees_it_for_the_next_instance() {
        acquire("worker-a", ",\"ttl_seconds\":5");
        String firstExpiry = json(org.get(agent.token(), "/v1/leases/current")).get("expires_at").asString();

        HttpResponse<String> beat = org.post(agent.token(), "/v1/leases/1/heartbeat", "{\"ttl_seconds\":120}", null);
        assertThat(beat.statusCode()).as(beat.body()).isEqualTo(200);
        assertThat(json(beat).get("expires_at").asString()).isGreaterThan(firstExpiry);
        assertThat(json(beat).get("epoch").asLong()).isEqualTo(1);

        HttpResponse<String> released = org.post(agent.token(), "/v1/leases/1/release", null, null);
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(json(released).get("state").asString()).isEqualTo("released");
        assertThat(org.post(agent.token(), "/v1/leases/1/release", null, null).statusCode())
                .as("a second release answers the released lease").isEqualTo(200);
        assertProblem(org.post(agent.token(), "/v1/leases/1/heartbeat", null, null), 409, "stale-lease");
        assertProblem(reserve(1L, "1"), 409, "stale-lease");
        assertThat(auditCount("lease.released")).isEqualTo(1);

        HttpResponse<String> next = acquire("worker-b", "");
        assertThat(next.statusCode()).isEqualTo(201);
        assertThat(json(next).get("epoch").asLong()).isEqualTo(2);
    }

    @Test
    void an_expired_lease_by_the_database_clock_is_free_to_acquire_and_its_epoch_cannot_reserve() {
        acquire("worker-a", "");
        org.fixtures.sql("UPDATE agent_leases SET expires_at = now() - interval '1 second' WHERE agent_id = ?",
                agent.agent().id());

        assertProblem(reserve(1L, "1"), 409, "stale-lease");
        assertProblem(org.post(agent.token(), "/v1/leases/1/heartbeat", null, null), 409, "stale-lease");
        assertThat(json(org.get(agent.token(), "/v1/leases/current")).get("state").asString()).isEqualTo("expired");
        HttpResponse<String> next = acquire("worker-b", "");
        assertThat(next.statusCode()).as("no takeover needed once expired").isEqualTo(201);
        assertThat(json(next).get("epoch").asLong()).isEqualTo(2);
    }

    @Test
    void with_leases_required_a_reservation_without_an_epoch_is_refused_and_the_policy_needs_if_match() {
        assertThat(reserve(null, "1").statusCode()).isEqualTo(201);
        String path = "/v1/agents/" + agent.agent().apiId() + "/lease-policy";
        HttpResponse<String> read = org.owner.api("GET", path);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"v0\"");
        assertThat(json(read).get("leases_required").asBoolean()).isFalse();

        assertProblem(put(path, "{\"leases_required\":true}", null), 428, "precondition-required");
        HttpResponse<String> changed = put(path, "{\"leases_required\":true,\"default_ttl_seconds\":20}", "\"v0\"");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).hasValue("\"v1\"");
        assertThat(json(changed).get("default_ttl_seconds").asInt()).isEqualTo(20);
        assertProblem(put(path, "{\"leases_required\":false}", "\"v0\""), 412, "precondition-failed");
        assertThat(auditCount("lease_policy.changed")).isEqualTo(1);

        long reservationsBefore = reservations();
        HttpResponse<String> refused = reserve(null, "1");
        assertProblem(refused, 409, "lease-required");
        assertThat(reservations()).isEqualTo(reservationsBefore);
        assertThat(json(org.get(agent.token(), "/v1/leases/current")).get("leases_required").asBoolean()).isTrue();

        Instant beforeAcquire = databaseNow();
        JsonNode lease = json(acquire("worker-a", ""));
        assertExpiresAfter(lease, 20, beforeAcquire, databaseNow());
        assertThat(reserve(lease.get("epoch").asLong(), "1").statusCode()).isEqualTo(201);
    }

    @Test
    void another_organisation_cannot_see_or_change_an_agents_lease_policy_and_its_agents_have_their_own_leases() {
        acquire("worker-a", "");
        LedgerFixture other = new LedgerFixture(port, Databases.of(environment), "LeasesOther");
        String path = "/v1/agents/" + agent.agent().apiId() + "/lease-policy";
        assertProblem(other.owner.api("GET", path), 404, "not-found");
        assertProblem(other.owner.send(other.owner.apiRequest("PUT", path, "application/json",
                HttpRequest.BodyPublishers.ofString("{\"leases_required\":true}")).header("If-Match", "\"v0\"").build()), 404, "not-found");

        LedgerFixture.AgentKey stranger = other.agent();
        HttpResponse<String> theirs = org.post(stranger.token(), "/v1/leases", "{\"instance_id\":\"worker-a\"}", null);
        assertThat(theirs.statusCode()).as("their agent's lease is theirs, epoch 1").isEqualTo(201);
        assertThat(json(theirs).get("epoch").asLong()).isEqualTo(1);
        assertThat(json(org.get(agent.token(), "/v1/leases/current")).get("instance_id").asString())
                .isEqualTo("worker-a");
    }

    @Test
    void bad_input_is_a_422_problem_naming_the_field() {
        assertProblem(org.post(agent.token(), "/v1/leases", "{}", null), 422, "validation-failed");
        HttpResponse<String> ttl = acquire("worker-a", ",\"ttl_seconds\":3601");
        assertProblem(ttl, 422, "validation-failed");
        assertThat(ttl.body()).contains("ttl_seconds");
        assertProblem(acquire("has space", ""), 422, "validation-failed");
        assertProblem(org.post(agent.token(), "/v1/leases/abc/heartbeat", null, null), 422, "validation-failed");
        assertProblem(org.post(agent.token(), "/v1/leases/0/release", null, null), 422, "validation-failed");
        assertProblem(put("/v1/agents/" + agent.agent().apiId() + "/lease-policy", "{\"default_ttl_seconds\":30}",
                "\"v0\""), 422, "validation-failed");
        assertProblem(org.post(agent.token(), "/v1/reservations", "{\"provider\":\"openai\",\"model\":"
                + "\"gpt-4o-mini\",\"estimated_cost_usd\":\"1\",\"lease_epoch\":-1}", null), 422, "validation-failed");
    }

    @Test
    void the_console_page_shows_the_holder_and_switches_leases_required_with_a_readable_message_on_bad_input() {
        acquire("worker-console", "");
        String page = "/app/agents/" + agent.agent().id() + "/lease";
        HttpResponse<String> shown = org.owner.get(page);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("worker-console").contains("data-testid=\"lease-epoch\">1<")
                .contains("Leases are optional");

        HttpResponse<String> bad = org.owner.submitForm(page, page, java.util.Map.of("leasesRequired", "true",
                "defaultTtlSeconds", "soon", "version", "0"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("The lease policy was not saved.")
                .contains("Give the default TTL as a whole number of seconds, 5 to 300.");
        assertThat(json(org.owner.api("GET", "/v1/agents/" + agent.agent().apiId() + "/lease-policy"))
                .get("leases_required").asBoolean()).isFalse();

        HttpResponse<String> saved = org.owner.submitForm(page, page, java.util.Map.of("leasesRequired", "true",
                "defaultTtlSeconds", "45", "version", "0"));
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).contains("Leases are now required").contains("Leases are required:");
        assertProblem(reserve(null, "1"), 409, "lease-required");
    }

    @Test
    void the_openapi_document_describes_the_lease_calls_with_examples_and_their_problems() {
        JsonNode paths = json(org.owner.get("/v3/api-docs")).get("paths");
        JsonNode acquire = paths.get("/v1/leases").get("post");
        assertThat(acquire.get("requestBody").toString()).contains("instance_id").contains("takeover");
        assertThat(acquire.get("responses").get("201").toString()).contains("epoch");
        assertThat(acquire.get("responses").get("409").toString()).contains("lease-held");
        assertThat(paths.get("/v1/leases/{epoch}/heartbeat").get("post").get("responses").get("409").toString())
                .contains("stale-lease");
        assertThat(paths.get("/v1/agents/{id}/lease-policy").get("put").get("responses").has("412")).isTrue();
        assertThat(paths.get("/v1/agents/{id}/lease-policy").get("put").get("responses").has("428")).isTrue();
    }

    /** A lease's expiry is the database clock at the grant plus the TTL; the grant happened between two readings. */
    private static void assertExpiresAfter(JsonNode lease, int ttlSeconds, Instant before, Instant after) {
        Instant expiresAt = Instant.parse(lease.get("expires_at").asString());
        assertThat(expiresAt).as("expires %d s after the grant", ttlSeconds)
                .isBetween(before.plusSeconds(ttlSeconds), after.plusSeconds(ttlSeconds));
    }

    private Instant databaseNow() {
        try (Connection connection = Databases.of(environment).asRuntime();
             ResultSet now = connection.createStatement().executeQuery("SELECT clock_timestamp()")) {
            now.next();
            return now.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> acquire(String instance, String extra) {
        return org.post(agent.token(), "/v1/leases", "{\"instance_id\":\"" + instance + "\"" + extra + "}", null);
    }

    private HttpResponse<String> reserve(Long epoch, String costUsd) {
        return org.post(agent.token(), "/v1/reservations", "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                + "\"estimated_cost_usd\":\"" + costUsd + "\"" + (epoch == null ? "" : ",\"lease_epoch\":" + epoch)
                + "}", null);
    }

    private HttpResponse<String> put(String path, String body, String ifMatch) {
        HttpRequest.Builder request = org.owner.apiRequest("PUT", path, "application/json",
                HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return org.owner.send(request.build());
    }

    private long reservations() {
        return checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ?", org.tenant);
    }

    private long auditCount(String action) {
        return checks.count("SELECT count(*) FROM audit_events WHERE tenant_id = ? AND action = ?", org.tenant,
                action);
    }
}
