package io.tollgate.policies;

import static io.tollgate.policies.PolicyClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.tollgate.budgets.LedgerFixture;
import io.tollgate.platform.PrefixedId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Every effect end to end: rules written and published over {@code /v1/policies}, then {@code POST
 * /v1/reservations} with an agent's key decides by them, and the reservation records and shows why.
 */
@TollgateTest
class PolicyDecisionPathTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerFixture org;
    LedgerFixture.AgentKey agent;
    PolicyClient policies;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Policies");
        agent = org.agent();
        org.budget("agent", agent.agent().apiId(), "daily", "100", true, "");
        policies = new PolicyClient(org.owner);
    }

    @Test
    void a_deny_rule_denies_naming_the_rule_and_the_reservation_records_the_bundle_version() {
        String rule = policies.addOrgRule("No big requests", "request.estimated_usd > 5.0", "deny");
        long version = policies.publish();

        JsonNode denied = reserve("6");
        JsonNode allowed = reserve("4");

        assertThat(denied.get("decision").asString()).isEqualTo("DENIED");
        assertThat(denied.get("reasons").get(0).get("code").asString()).isEqualTo("policy_denied");
        assertThat(denied.get("reasons").get(0).get("message").asString()).contains("No big requests").contains(rule);
        assertThat(denied.get("held_usd").asString()).isEqualTo("0.00");
        assertThat(denied.get("policy").get("bundle_version").asLong()).isEqualTo(version);
        assertThat(denied.get("policy").get("rules").get(0).get("id").asString()).isEqualTo(rule);
        assertThat(denied.get("policy").get("rules").get(0).get("status").asString()).isEqualTo("matched");
        assertThat(denied.get("policy").get("explanation").asString())
                .isEqualTo("decided by bundle v" + version + ": rule No big requests matched (deny)");
        assertThat(allowed.get("decision").asString()).isEqualTo("ALLOWED");
        assertThat(allowed.get("policy").get("rules")).isEmpty();
        JsonNode reread = json(org.get(agent.token(), "/v1/reservations/" + denied.get("id").asString()));
        assertThat(reread.get("policy").get("explanation").asString()).contains("No big requests");
    }

    @Test
    void a_require_approval_rule_parks_the_reservation_holding_nothing() {
        policies.addOrgRule("Frontier models need approval", "request.model == \"gpt-4o\"", "require_approval");
        policies.publish();

        JsonNode parked = reserveModel("gpt-4o", "1");

        assertThat(parked.get("decision").asString()).isEqualTo("REQUIRE_APPROVAL");
        assertThat(parked.get("state").asString()).isEqualTo("pending_approval");
        assertThat(parked.get("held_usd").asString()).isEqualTo("0.00");
        assertThat(parked.get("reasons").get(0).get("code").asString()).isEqualTo("policy_approval");
        assertThat(parked.get("reasons").get(0).get("message").asString()).contains("finance");
        assertThat(parked.get("policy").get("explanation").asString())
                .contains("rule Frontier models need approval matched");
    }

    @Test
    void a_monitor_rule_blocks_nothing_and_is_recorded() {
        String rule = policies.addOrgRule("Watch mini", "request.model == \"gpt-4o-mini\"", "monitor");
        policies.publish();

        JsonNode allowed = reserve("1");

        assertThat(allowed.get("decision").asString()).isEqualTo("ALLOWED");
        assertThat(allowed.get("state").asString()).isEqualTo("active");
        assertThat(allowed.get("policy").get("rules").get(0).get("id").asString()).isEqualTo(rule);
        assertThat(allowed.get("policy").get("rules").get(0).get("effect").asString()).isEqualTo("monitor");
    }

    @Test
    void deny_outranks_require_approval_which_outranks_monitor() {
        policies.addOrgRule("Watch", "true", "monitor");
        policies.addOrgRule("Ask", "request.estimated_usd > 1.0", "require_approval");
        policies.addOrgRule("Refuse", "request.estimated_usd > 3.0", "deny");
        policies.publish();

        assertThat(reserve("0.5").get("decision").asString()).isEqualTo("ALLOWED");
        assertThat(reserve("2").get("decision").asString()).isEqualTo("REQUIRE_APPROVAL");
        JsonNode denied = reserve("4");
        assertThat(denied.get("decision").asString()).isEqualTo("DENIED");
        assertThat(denied.get("policy").get("rules")).hasSize(3);
    }

    @Test
    void a_runtime_error_denies_by_default_and_is_skipped_when_the_rule_says_so() {
        policies.addRule("Needs a tag", "\"scope_type\":\"org\"", "request.tags[\"run\"] == \"x\"", "deny",
                ",\"on_error\":\"skip\"");
        policies.publish();
        assertThat(reserve("1").get("decision").asString()).as("skipped on error").isEqualTo("ALLOWED");

        policies.addOrgRule("Fails closed", "request.tags[\"missing\"] == \"x\"", "monitor");
        policies.publish();
        JsonNode denied = reserve("1");

        assertThat(denied.get("decision").asString()).isEqualTo("DENIED");
        assertThat(denied.get("reasons").get(0).get("code").asString()).isEqualTo("policy_error");
        assertThat(denied.get("reasons").get(0).get("message").asString()).contains("Fails closed");
        assertThat(denied.get("policy").get("rules").findValuesAsString("status")).contains("error");
    }

    @Test
    void budgets_stay_hard_whatever_a_rule_says() {
        policies.addOrgRule("Watch all", "true", "monitor");
        policies.publish();

        JsonNode denied = reserve("150");

        assertThat(denied.get("decision").asString()).isEqualTo("DENIED");
        assertThat(denied.get("reasons").get(0).get("code").asString()).isNotEqualTo("policy_denied");
    }

    @Test
    void rollback_restores_the_behaviour_of_the_version_it_names() {
        long permissive = policies.publish();
        policies.addOrgRule("Refuse all", "true", "deny");
        policies.publish();
        assertThat(reserve("1").get("decision").asString()).isEqualTo("DENIED");

        HttpResponse<String> rolledBack = policies.call("POST", "/v1/policies/versions/" + permissive + "/rollback",
                "{\"note\":\"too strict\"}", null);

        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(201);
        assertThat(json(rolledBack).get("rolled_back_to").asLong()).isEqualTo(permissive);
        JsonNode allowed = reserve("1");
        assertThat(allowed.get("decision").asString()).isEqualTo("ALLOWED");
        assertThat(allowed.get("policy").get("bundle_version").asLong()).isEqualTo(json(rolledBack).get("number").asLong());
        assertThat(json(policies.call("GET", "/v1/policies/draft", null, null)).get("rules")).isEmpty();
    }

    @Test
    void history_is_read_for_rules_that_reference_it() {
        policies.addOrgRule("First use of a model", "!history.model_used_before", "require_approval");
        policies.addOrgRule("Busy agent", "history.requests_last_hour >= 2", "deny");
        policies.addOrgRule("Spent a lot today", "history.agent_spent_today_usd > 4.5", "deny");
        policies.publish();

        assertThat(reserve("1").get("decision").asString()).as("never used").isEqualTo("REQUIRE_APPROVAL");
        org.fixtures.sql("UPDATE reservations SET state = 'ACTIVE', held_nanos = 5000000000, expires_at = now() +"
                + " interval '1 hour' WHERE tenant_id = ? AND state = 'PENDING_APPROVAL'", org.tenant);
        JsonNode overSpent = reserve("1");
        assertThat(overSpent.get("decision").asString()).as("5 USD held today").isEqualTo("DENIED");
        assertThat(overSpent.get("reasons").get(0).get("message").asString()).contains("Spent a lot today");
        JsonNode busy = reserve("1");
        assertThat(busy.get("policy").get("rules").findValuesAsString("name")).contains("Busy agent")
                .doesNotContain("First use of a model");
    }

    @Test
    void a_tenant_without_published_rules_records_version_zero() {
        JsonNode allowed = reserve("1");

        assertThat(allowed.get("policy").get("bundle_version").asLong()).isZero();
        assertThat(allowed.get("policy").get("explanation").isNull()).isTrue();
    }

    private JsonNode reserve(String usd) {
        return reserveModel("gpt-4o-mini", usd);
    }

    private JsonNode reserveModel(String model, String usd) {
        HttpResponse<String> response = org.post(agent.token(), "/v1/reservations", "{\"provider\":\"openai\","
                + "\"model\":\"" + model + "\",\"estimated_cost_usd\":\"" + usd + "\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    static String teamOf(LedgerFixture.AgentKey agent) {
        return PrefixedId.format("team", agent.agent().team());
    }
}
