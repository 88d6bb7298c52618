package io.tollgate.platform;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.tollgate.budgets.LedgerChecks;
import io.tollgate.budgets.LedgerFixture;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, items 4–7 and ADR 0043: the API reads exactly what it documents. Out-of-range parameters, control
 * characters, unknown usage classes, loose money and numbers, coerced scalars, duplicate keys and repeated
 * Idempotency-Keys are each a 422 naming the field, never a 500 and never reinterpreted.
 */
@TollgateTest
class StrictInputApiTest {

    private static final String RESERVE = "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerFixture org;
    LedgerChecks checks;
    LedgerFixture.AgentKey agent;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Strict");
        checks = new LedgerChecks(Databases.of(environment));
        agent = org.agent();
        org.budget("team", PrefixedId.format("team", agent.agent().team()), "monthly", "100", true, "");
    }

    @Test
    void an_out_of_range_limit_is_a_422_naming_limit_on_every_list() {
        List<String> lists = List.of("/v1/budgets", "/v1/reservations", "/v1/usage-lines", "/v1/adjustments",
                "/v1/disputes", "/v1/ledger/verifications", "/v1/members", "/v1/invitations", "/v1/teams",
                "/v1/projects", "/v1/agents", "/v1/api-keys", "/v1/audit-events", "/v1/prices",
                "/v1/price-overrides");
        for (String list : lists) {
            for (String limit : List.of("0", "201", "-1")) {
                HttpResponse<String> response = org.owner.api("GET", list + "?limit=" + limit);
                assertProblem(response, 422, "validation-failed");
                assertThat(field(response)).as(list).isEqualTo("limit");
            }
            assertThat(org.owner.api("GET", list + "?limit=200").statusCode()).as(list).isEqualTo(200);
        }
        HttpResponse<String> checkpoints = org.owner.api("GET", "/v1/audit-checkpoints?limit=101");
        assertProblem(checkpoints, 422, "validation-failed");
        assertThat(field(checkpoints)).isEqualTo("limit");
    }

    @Test
    void a_nul_or_other_control_character_in_a_body_is_a_422_naming_the_field() {
        String team = PrefixedId.format("team", agent.agent().team());
        expect(org.owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Pay\\u0000ments\"}"), "name");
        expect(org.owner.api("PATCH", "/v1/teams/" + team, "application/json",
                "{\"description\":\"line\\u001b[31m\"}"), "description");
        expect(org.owner.api("PATCH", "/v1/organization", "application/json", "{\"name\":\"Acme\\u0000\"}"),
                "name");
        expect(org.owner.api("PATCH", "/v1/organization", "application/json", "{\"name\":\"Acme\\u0085\"}"),
                "name");
        expect(org.owner.api("PATCH", "/v1/organization", "application/json", "{\"name\":\"Acme\\ud800\"}"),
                "name");
        expect(org.owner.api("POST", "/v1/budgets", "application/json", "{\"name\":\"b\\u0000\",\"scope_type\":"
                + "\"org\",\"period\":\"daily\",\"limit_usd\":\"5\"}"), "name");
        expect(reserve(RESERVE + "\"estimated_cost_usd\":\"1\",\"tags\":{\"run\":\"a\\u0000\"}}"), "tags.run");
        expect(reserve(RESERVE + "\"estimated_cost_usd\":\"1\",\"tags\":{\"r\\u0000\":\"a\"}}"), "tags");
        expect(reserve("{\"provider\":\"open\\u0000ai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"1\"}"),
                "provider");
        expect(org.owner.api("POST", "/v1/price-overrides", "application/json", "{\"provider\":\"openai\","
                + "\"model\":\"gpt-4o-mini\",\"price_class\":\"input\",\"price_usd\":\"1\",\"effective_from\":"
                + "\"2026-01-01\",\"note\":\"x\\u0000\"}"), "note");
        HttpResponse<String> csv = org.owner.api("POST", "/v1/price-overrides/import", "text/csv",
                "provider,model,price_class,price_usd,effective_from,note\n"
                        + "openai,gpt-4o-mini,input,1,2026-01-01,fine\nopenai,gpt-4o-mini,output,2,2026-01-01,x\u0000\n");
        expect(csv, "note");
        assertThat(json(csv).get("errors").get(0).get("line").asInt()).isEqualTo(3);
        assertNoReservation();

        HttpResponse<String> multiLine = org.owner.api("POST", "/v1/teams", "application/json",
                "{\"name\":\"Multi\",\"description\":\"first line\\r\\nsecond\\tline\"}");
        assertThat(multiLine.statusCode()).as(multiLine.body()).isEqualTo(201);
        assertThat(json(multiLine).get("description").asString()).isEqualTo("first line\r\nsecond\tline");
        HttpResponse<String> renamed = org.owner.api("GET", "/v1/organization");
        assertThat(json(renamed).get("name").asString()).doesNotContain("Acme");
    }

    @Test
    void a_nul_in_a_query_parameter_or_path_is_a_422_naming_it() {
        expect(org.owner.api("GET", "/v1/prices?provider=%00"), "provider");
        expect(org.owner.api("GET", "/v1/reservations?model=gpt%00"), "model");
        expect(org.owner.api("GET", "/v1/audit-events?q=%1b"), "q");
        expect(org.owner.api("GET", "/v1/usage-lines?agent_id=%C2%85"), "agent_id");
        expect(org.owner.api("GET", "/v1/prices?provider=%0A"), "provider");
    }

    @Test
    void a_console_form_or_filter_with_a_nul_shows_a_readable_page_and_stores_nothing() {
        HttpResponse<String> form = org.owner.submitForm("/app/teams", "/app/teams",
                java.util.Map.of("name", "Pay\u0000ments"));
        assertThat(form.statusCode()).as(form.body()).isEqualTo(422);
        assertThat(form.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html"));
        assertThat(form.body()).contains("control character").contains("“name”").doesNotContain("Exception");
        assertThat(checks.count("SELECT count(*) FROM teams WHERE tenant_id = ? AND name LIKE 'Pay%'",
                org.tenant)).isZero();

        HttpResponse<String> filter = org.owner.get("/app/audit?q=%00");
        assertThat(filter.statusCode()).isEqualTo(422);
        assertThat(filter.body()).contains("control character");
    }

    @Test
    void unknown_usage_classes_and_estimates_that_price_to_zero_are_refused() {
        expect(reserve(RESERVE + "\"estimated_usage\":{\"input_token\":1000000000}}"), "estimated_usage.input_token");
        expect(reserve(RESERVE + "\"estimated_usage\":{}}"), "estimated_usage");
        expect(reserve(RESERVE + "\"estimated_usage\":{\"input_tokens\":0}}"), "estimated_usage");
        expect(reserve(RESERVE + "\"estimated_cost_usd\":\"1\",\"unknown\":true}"), "unknown");
        assertNoReservation();

        HttpResponse<String> free = reserve(RESERVE + "\"estimated_cost_usd\":\"0\"}");
        assertThat(free.statusCode()).as(free.body()).isEqualTo(201);
        String id = json(free).get("id").asString();
        String commit = "/v1/reservations/" + id + "/commit";
        expect(org.post(agent.token(), commit, "{\"actual_usage\":{\"output_token\":5}}", null),
                "actual_usage.output_token");
        expect(org.post(agent.token(), commit, "{\"actual_usage\":{}}", null), "actual_usage");
        HttpResponse<String> committed = org.post(agent.token(), commit, "{\"actual_cost_usd\":\"0\"}", null);
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);

        expect(org.post(agent.token(), "/v1/usage", "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                + "\"usage\":{\"input_tokenz\":5}}", null), "usage.input_tokenz");
        expect(org.post(agent.token(), "/v1/usage", "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                + "\"usage\":{}}", null), "usage");
        expect(org.owner.api("POST", "/v1/prices/quote", "application/json", "{\"provider\":\"openai\","
                + "\"model\":\"gpt-4o-mini\",\"usage\":{\"input_token\":5}}"), "usage.input_token");
    }

    @Test
    void money_is_only_ascii_digits_with_at_most_nine_decimals() {
        for (String amount : List.of("1e3", "1E-9", " 1", "1 ", "+1", ".5", "5.", "-1", "1,5", "\uFF11", "\u0663",
                "\u0661\u0660\u0660", "0.0000000001", "0x1", "NaN", "")) {
            String text = amount.replace("\\", "\\\\");
            expect(reserve(RESERVE + "\"estimated_cost_usd\":\"" + text + "\"}"), "estimated_cost_usd");
            expect(org.owner.api("POST", "/v1/budgets", "application/json", "{\"name\":\"b\",\"scope_type\":"
                    + "\"org\",\"period\":\"weekly\",\"limit_usd\":\"" + text + "\"}"), "limit_usd");
            expect(org.owner.api("POST", "/v1/price-overrides", "application/json", "{\"provider\":\"openai\","
                    + "\"model\":\"gpt-4o-mini\",\"price_class\":\"input\",\"price_usd\":\"" + text + "\","
                    + "\"effective_from\":\"2026-01-01\"}"), "price_usd");
        }
        expect(org.owner.api("POST", "/v1/adjustments", "application/json", "{\"kind\":\"credit\",\"amount_usd\":"
                + "\"+1\",\"reason\":\"r\",\"budget_id\":\"bud_00000000000000000000000000000000\"}"), "amount_usd");
        assertNoReservation();
        HttpResponse<String> plain = reserve(RESERVE + "\"estimated_cost_usd\":\"0.000000001\"}");
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(201);
    }

    @Test
    void json_scalars_are_never_coerced() {
        expect(reserve(RESERVE + "\"estimated_cost_usd\":1}"), "estimated_cost_usd");
        expect(reserve(RESERVE + "\"estimated_cost_usd\":1.5}"), "estimated_cost_usd");
        expect(reserve(RESERVE + "\"estimated_usage\":{\"input_tokens\":1.5}}"), "estimated_usage.input_tokens");
        expect(reserve(RESERVE + "\"estimated_usage\":{\"input_tokens\":\"100\"}}"),
                "estimated_usage.input_tokens");
        expect(reserve(RESERVE + "\"estimated_usage\":{\"input_tokens\":1e3}}"), "estimated_usage.input_tokens");
        expect(reserve(RESERVE + "\"estimated_cost_usd\":\"1\",\"ttl_seconds\":1.5}"), "ttl_seconds");
        expect(reserve(RESERVE + "\"estimated_cost_usd\":\"1\",\"ttl_seconds\":\"600\"}"), "ttl_seconds");
        expect(reserve("{\"provider\":1,\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"1\"}"), "provider");
        expect(reserve("{\"provider\":true,\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"1\"}"), "provider");
        expect(org.owner.api("POST", "/v1/budgets", "application/json", "{\"name\":\"b\",\"scope_type\":\"org\","
                + "\"period\":\"weekly\",\"limit_usd\":\"5\",\"hard\":1}"), "hard");
        expect(org.owner.api("POST", "/v1/budgets", "application/json", "{\"name\":\"b\",\"scope_type\":\"org\","
                + "\"period\":\"weekly\",\"limit_usd\":\"5\",\"hard\":\"true\"}"), "hard");
        assertNoReservation();
    }

    @Test
    void duplicate_keys_and_repeated_idempotency_keys_are_refused() {
        expect(reserve("{\"provider\":\"openai\",\"provider\":\"anthropic\",\"model\":\"gpt-4o-mini\","
                + "\"estimated_cost_usd\":\"1\"}"), "provider");
        expect(reserve(RESERVE + "\"estimated_usage\":{\"input_tokens\":5,\"input_tokens\":9000000}}"),
                "estimated_usage.input_tokens");
        HttpResponse<String> twice = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1/reservations")).header("Authorization", "Bearer " + agent.token())
                .header("Content-Type", "application/json").header("Idempotency-Key", "one")
                .header("Idempotency-Key", "two")
                .POST(HttpRequest.BodyPublishers.ofString(RESERVE + "\"estimated_cost_usd\":\"1\"}")).build());
        expect(twice, "idempotency-key");
        assertNoReservation();
    }

    private HttpResponse<String> reserve(String body) {
        return org.post(agent.token(), "/v1/reservations", body, null);
    }

    private static void expect(HttpResponse<String> response, String field) {
        assertProblem(response, 422, "validation-failed");
        assertThat(field(response)).as(response.body()).isEqualTo(field);
    }

    private static String field(HttpResponse<String> response) {
        JsonNode errors = json(response).get("errors");
        assertThat(errors).as(response.body()).isNotNull();
        return errors.get(0).get("field").asString();
    }

    private void assertNoReservation() {
        assertThat(checks.count("SELECT count(*) FROM reservations WHERE tenant_id = ?", org.tenant)).isZero();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            io.tollgate.support.ApiContract.check(request, response);
            return response;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
