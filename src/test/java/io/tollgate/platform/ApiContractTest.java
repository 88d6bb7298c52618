package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;


import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.support.ApiContract;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Real responses of {@code /v1} conform to the published OpenAPI document (ADR 0049). Every HTTP helper of the
 * suite checks each answer with {@link ApiContract}; this test walks one resource through its life and shows that
 * the check does catch a response the document does not describe.
 */
@TollgateTest
class ApiContractTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    ConsoleClient owner;
    BearerFixtures fixtures;
    BearerFixtures.Agent agent;
    String token;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Contract").signUp(port);
        fixtures = new BearerFixtures(port, Databases.of(environment));
        agent = fixtures.agentIn(BearerFixtures.tenantOf(owner));
        token = BearerFixtures.issueKey(owner, agent, "[\"reservations:write\",\"usage:write\",\"read\"]", "")
                .get("secret").asString();
    }

    @Test
    void a_budget_and_a_reservation_through_their_life_answer_as_documented() {
        HttpResponse<String> budget = owner.api("POST", "/v1/budgets", "application/json",
                "{\"name\":\"Agent daily\",\"scope_type\":\"agent\",\"scope_id\":\"" + agent.apiId()
                        + "\",\"period\":\"daily\",\"limit_usd\":\"10\"}");
        assertThat(budget.statusCode()).as(budget.body()).isEqualTo(201);
        String budgetId = BearerFixtures.json(budget).get("id").asString();

        HttpResponse<String> reserved = fixtures.call(token, "POST", "/v1/reservations",
                "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"0.50\"}");
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        String reservation = BearerFixtures.json(reserved).get("id").asString();
        HttpResponse<String> committed = fixtures.call(token, "POST", "/v1/reservations/" + reservation + "/commit",
                "{\"actual_cost_usd\":\"0.40\"}");
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        assertThat(fixtures.call(token, "GET", "/v1/reservations?limit=5").statusCode()).isEqualTo(200);
        assertThat(fixtures.call(token, "GET", "/v1/usage-lines").statusCode()).isEqualTo(200);

        BearerFixtures.assertProblem(fixtures.call(token, "POST", "/v1/reservations",
                "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"1e3\"}"), 422,
                "validation-failed");
        BearerFixtures.assertProblem(fixtures.call(token, "GET", "/v1/reservations/rsv_nope"), 404, "not-found");
        BearerFixtures.assertProblem(fixtures.call(token, "POST", "/v1/reservations", "{\"provider\":"), 400,
                "malformed-request");

        assertThat(owner.api("DELETE", "/v1/budgets/" + budgetId).statusCode()).isEqualTo(204);
    }

    @Test
    void the_check_refuses_a_body_the_document_does_not_describe() {
        HttpResponse<String> organization = owner.api("GET", "/v1/organization");
        HttpRequest request = HttpRequest.newBuilder(organization.uri()).GET().build();
        String body = organization.body();

        assertThat(ApiContract.problems(request, organization)).isEmpty();
        assertThat(ApiContract.problems("GET", organization.uri(), 200, "application/json",
                body.replace("\"time_zone\"", "\"timeZone\""))).anySatisfy(p -> assertThat(p).contains("timeZone"));
        assertThat(ApiContract.problems("GET", organization.uri(), 200, "application/json",
                body.replaceFirst("\"name\":\"[^\"]*\"", "\"name\":5"))).anySatisfy(p -> assertThat(p)
                .contains("name"));
        assertThat(ApiContract.problems("GET", organization.uri(), 201, "application/json", body))
                .anySatisfy(p -> assertThat(p).contains("201"));
        assertThat(ApiContract.problems("GET", organization.uri(), 404, "application/json",
                "{\"type\":\"https://tollgate.io/problems/not-found\",\"title\":\"Not Found\",\"status\":404}"))
                .isNotEmpty();
    }

    @Test
    void every_operation_has_an_id_a_summary_security_and_examples() {
        JsonNode document = BearerFixtures.json(owner.get("/v3/api-docs"));

        assertThat(document.get("info").get("title").asString()).isEqualTo("Tollgate API");
        assertThat(document.get("info").get("license").get("name").asString()).isNotBlank();
        assertThat(document.get("components").get("securitySchemes").propertyNames())
                .containsExactlyInAnyOrder("ApiKey", "Jwt");
        List<String> ids = new java.util.ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            String where = entry.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = entry.getValue();
            ids.add(operation.get("operationId").asString());
            assertThat(operation.get("operationId").asString()).as(where).doesNotMatch(".*_\\d+$");
            assertThat(operation.has("summary")).as(where + " summary").isTrue();
            assertThat(operation.get("security").toString()).as(where).contains("ApiKey").contains("Jwt");
            assertThat(operation.get("responses").has("400")).as(where + " 400").isTrue();
            if (operation.has("requestBody")) {
                assertThat(operation.get("responses").has("413")).as(where + " 413").isTrue();
                assertThat(operation.get("responses").has("415")).as(where + " 415").isTrue();
                assertThat(operation.get("requestBody").toString()).as(where + " request example")
                        .contains("\"example");
            }
            operation.get("responses").properties().forEach(response -> {
                if (response.getKey().startsWith("4")) {
                    assertThat(response.getValue().get("content").has("application/problem+json"))
                            .as(where + " " + response.getKey()).isTrue();
                }
                if (response.getKey().startsWith("2") && response.getValue().has("content")) {
                    assertThat(response.getValue().get("content").toString()).as(where + " " + response.getKey())
                            .contains("\"example");
                    response.getValue().get("content").properties().forEach(media -> assertThat(media.getValue()
                            .has("schema")).as(where + " " + response.getKey() + " " + media.getKey()).isTrue());
                }
            });
        }));
        assertThat(ids).doesNotHaveDuplicates();
        document.get("components").get("schemas").properties().forEach(schema -> {
            if (schema.getValue().has("properties")) {
                assertThat(schema.getValue().get("properties").propertyNames()).as(schema.getKey() + " as on the wire")
                        .allMatch(name -> name.matches("[a-z][a-z0-9_]*"));
            }
        });
    }
}
