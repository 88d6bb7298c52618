package io.tollgate.budgets;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.tollgate.platform.PrefixedId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** Bad input gets a clear problem+json and changes nothing: no reservation, no hold, no entry. */
@TollgateTest
class ReservationBadInputTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerFixture org;
    LedgerChecks checks;
    LedgerFixture.AgentKey agent;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "BadInput");
        checks = new LedgerChecks(Databases.of(environment));
        agent = org.agent();
        org.budget("team", PrefixedId.format("team", agent.agent().team()), "monthly", "10", true, "");
    }

    @Test
    void bad_reservations_are_refused_with_a_field_and_leave_no_trace() {
        expect(reserve("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_usage\":{\"input_tokens\":-5}}"),
                422, "validation-failed", "estimated_usage.input_tokens");
        expect(reserve("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_usage\":"
                + "{\"output_tokens\":99999999999999}}"), 422, "validation-failed", "estimated_usage.output_tokens");
        expect(reserve("{\"provider\":\"openai\",\"model\":\"no-such-model-xyz\",\"estimated_usage\":"
                + "{\"input_tokens\":10}}"), 422, "unknown-model", "no-such-model-xyz");
        expect(reserve("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"1\","
                + "\"ttl_seconds\":86401}"), 422, "validation-failed", "ttl_seconds");
        expect(reserve("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"1\","
                + "\"ttl_seconds\":0}"), 422, "validation-failed", "ttl_seconds");
        expect(reserve("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"}"), 422, "validation-failed",
                "estimated_usage");
        expect(reserve("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"1\","
                + "\"estimated_usage\":{\"input_tokens\":1}}"), 422, "validation-failed", "estimated_usage");
        expect(reserve("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"abc\"}"), 422,
                "validation-failed", "estimated_cost_usd");
        expect(reserve("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"99999999\"}"),
                422, "validation-failed", "estimated_cost_usd");
        expect(reserve("{\"provider\":\"\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"1\"}"), 422,
                "validation-failed", "provider");
        expect(reserve("{\"provider\":\"openai\",\"model\":"), 400, "malformed-request", "not valid JSON");
        expect(reserve("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"1\","
                + "\"ttl_seconds\":\"soon\"}"), 422, "validation-failed", "ttl_seconds");

        assertNothingHappened();
    }

    @Test
    void commits_on_foreign_or_unknown_ids_are_404_and_a_different_second_commit_is_409() {
        LedgerFixture stranger = new LedgerFixture(port, Databases.of(environment), "Stranger");
        LedgerFixture.AgentKey strangerAgent = stranger.agent();
        String foreign = json(stranger.reserve(strangerAgent, "1")).get("id").asString();

        assertProblem(org.commit(agent, foreign, "1"), 404, "not-found");
        assertProblem(org.commit(agent, "rsv_" + "0".repeat(32), "1"), 404, "not-found");
        assertProblem(org.commit(agent, "nonsense", "1"), 404, "not-found");
        assertProblem(org.post(agent.token(), "/v1/reservations/" + foreign + "/release", null, null), 404,
                "not-found");
        assertThat(json(stranger.get(strangerAgent.token(), "/v1/reservations/" + foreign)).get("state").asString())
                .isEqualTo("active");
        assertNothingHappened();

        String mine = json(org.reserve(agent, "1")).get("id").asString();
        assertThat(org.commit(agent, mine, "0.5").statusCode()).isEqualTo(200);
        HttpResponse<String> second = org.commit(agent, mine, "0.7");
        assertProblem(second, 409, "reservation-already-committed");
        assertThat(checks.count("SELECT count(*) FROM usage_lines WHERE tenant_id = ?", org.tenant)).isEqualTo(1);
        expect(org.post(agent.token(), "/v1/reservations/" + mine + "/commit", "{}", null), 422, "validation-failed",
                "actual_usage");
    }

    private HttpResponse<String> reserve(String body) {
        return org.post(agent.token(), "/v1/reservations", body, null);
    }

    private static void expect(HttpResponse<String> response, int status, String type, String mentions) {
        assertProblem(response, status, type);
        assertThat(response.body()).contains(mentions);
    }

    private void assertNothingHappened() {
        assertThat(checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ?", org.tenant)).isZero();
        assertThat(checks.count("SELECT count(*) FROM ledger_entries WHERE tenant_id = ?", org.tenant)).isZero();
        assertThat(checks.count("SELECT count(*) FROM usage_lines WHERE tenant_id = ?", org.tenant)).isZero();
    }
}
