package io.tollgate.policies;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.policies.PolicyClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.tollgate.budgets.LedgerFixture;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/** The draft, publishing, versions, diff, evaluation and simulation over {@code /v1/policies}, as a tenant's owner. */
@TollgateTest
class PoliciesApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerFixture org;
    LedgerFixture.AgentKey agent;
    PolicyClient policies;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "PolicyApi");
        agent = org.agent();
        policies = new PolicyClient(org.owner);
    }

    @Test
    void a_rule_changes_only_with_its_current_etag() {
        String id = policies.addOrgRule("Big", "request.estimated_usd > 5.0", "deny");
        HttpResponse<String> read = policies.call("GET", "/v1/policies/rules/" + id, null, null);
        String etag = read.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> without = policies.call("PATCH", "/v1/policies/rules/" + id, "{\"name\":\"Bigger\"}", null);
        HttpResponse<String> changed = policies.call("PATCH", "/v1/policies/rules/" + id,
                "{\"name\":\"Bigger\",\"effect\":\"require_approval\",\"approval_tier\":\"finance\"}", etag);
        HttpResponse<String> stale = policies.call("PATCH", "/v1/policies/rules/" + id, "{\"name\":\"Stale\"}", etag);

        assertProblem(without, 428, "precondition-required");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed).get("name").asString()).isEqualTo("Bigger");
        assertThat(json(changed).get("effect").asString()).isEqualTo("require_approval");
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertProblem(stale, 412, "precondition-failed");
        assertThat(policies.call("DELETE", "/v1/policies/rules/" + id, null, null).statusCode()).isEqualTo(204);
        assertProblem(policies.call("GET", "/v1/policies/rules/" + id, null, null), 404, "not-found");
    }

    @Test
    void bad_rules_are_refused_field_by_field() {
        assertProblem(policies.call("POST", "/v1/policies/rules", "{\"name\":\"x\",\"scope_type\":\"org\","
                + "\"condition\":\"true\",\"effect\":\"require_approval\"}", null), 422, "validation-failed");
        assertProblem(policies.call("POST", "/v1/policies/rules", "{\"name\":\"x\",\"scope_type\":\"agent_tag\","
                + "\"scope_target\":\"nokey\",\"condition\":\"true\",\"effect\":\"deny\"}", null), 422,
                "validation-failed");
        assertProblem(policies.call("POST", "/v1/policies/rules", "{\"name\":\"x\",\"scope_type\":\"team\","
                + "\"scope_target\":\"team_00000000000000000000000000000000\",\"condition\":\"true\","
                + "\"effect\":\"deny\"}", null), 404, "not-found");
    }

    @Test
    void validation_reports_type_errors_with_rule_line_and_column_and_publishing_refuses_them() {
        String bad = policies.addOrgRule("Typo", "true &&\n  request.estimated_usd > \"5\"", "deny");

        HttpResponse<String> validated = policies.call("POST", "/v1/policies/draft/validate", null, null);
        HttpResponse<String> published = policies.call("POST", "/v1/policies/draft/publish", "{}",
                validated.headers().firstValue("ETag").orElseThrow());

        assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
        JsonNode body = json(validated);
        assertThat(body.get("valid").asBoolean()).isFalse();
        JsonNode diagnostic = body.get("diagnostics").get(0);
        assertThat(diagnostic.get("rule_id").asString()).isEqualTo(bad);
        assertThat(diagnostic.get("line").asInt()).isEqualTo(2);
        assertThat(diagnostic.get("column").asInt()).isPositive();
        assertProblem(published, 422, "validation-failed");
        assertThat(published.body()).contains(bad);
    }

    @Test
    void publishing_needs_the_drafts_current_etag() {
        policies.addOrgRule("One", "true", "monitor");
        String etag = policies.draftTag();
        policies.addOrgRule("Two", "false", "monitor");

        assertProblem(policies.call("POST", "/v1/policies/draft/publish", "{}", null), 428, "precondition-required");
        assertProblem(policies.call("POST", "/v1/policies/draft/publish", "{}", etag), 412, "precondition-failed");
        assertThat(policies.call("POST", "/v1/policies/draft/publish", "{}", policies.draftTag()).statusCode())
                .isEqualTo(201);
    }

    @Test
    void versions_are_listed_newest_first_in_pages_and_diffed_rule_by_rule() {
        String kept = policies.addOrgRule("Kept", "request.estimated_usd > 1.0", "monitor");
        String removed = policies.addOrgRule("Removed", "false", "monitor");
        long first = policies.publish();
        HttpResponse<String> read = policies.call("GET", "/v1/policies/rules/" + kept, null, null);
        policies.call("PATCH", "/v1/policies/rules/" + kept, "{\"condition\":\"request.estimated_usd > 2.0\"}",
                read.headers().firstValue("ETag").orElseThrow());
        policies.call("DELETE", "/v1/policies/rules/" + removed, null, null);
        String added = policies.addOrgRule("Added", "true", "monitor");
        long second = policies.publish();

        JsonNode page = json(policies.call("GET", "/v1/policies/versions?limit=1", null, null));
        JsonNode next = json(policies.call("GET", "/v1/policies/versions?limit=1&cursor="
                + page.get("next_cursor").asString(), null, null));
        JsonNode version = json(policies.call("GET", "/v1/policies/versions/" + first, null, null));
        JsonNode diff = json(policies.call("GET", "/v1/policies/versions/" + second + "/diff?from=" + first, null,
                null));

        assertThat(page.get("data").get(0).get("number").asLong()).isEqualTo(second);
        assertThat(next.get("data").get(0).get("number").asLong()).isEqualTo(first);
        assertThat(version.get("rules")).hasSize(2);
        assertThat(version.get("content_hash").asString()).startsWith("sha256:");
        assertThat(version.get("author").asString()).startsWith("usr_");
        List<String> changes = new ArrayList<>();
        diff.get("rules").forEach(r -> changes.add(r.get("rule_id").asString() + " " + r.get("change").asString()));
        assertThat(changes).containsExactlyInAnyOrder(kept + " changed", added + " added", removed + " removed");
        JsonNode changedRule = diff.get("rules").get(0);
        assertThat(changedRule.get("fields").get("condition").get("after").asString())
                .isEqualTo("request.estimated_usd > 2.0");
        assertThat(changedRule.get("fields").has("name")).isFalse();
    }

    @Test
    void evaluate_explains_every_rule_for_a_given_context_and_for_a_recorded_reservation() {
        policies.addOrgRule("Big", "request.estimated_usd > 5.0", "deny");
        policies.addOrgRule("Mini", "request.model == \"gpt-4o-mini\"", "monitor");
        policies.addRule("Other agent", "\"scope_type\":\"agent\",\"scope_target\":\"" + org.agent().agent().apiId()
                + "\"", "true", "deny", "");
        String reservation = json(org.reserve(agent, "6")).get("id").asString();

        HttpResponse<String> recorded = policies.call("POST", "/v1/policies/evaluate",
                "{\"reservation_id\":\"" + reservation + "\"}", null);
        HttpResponse<String> given = policies.call("POST", "/v1/policies/evaluate", "{\"context\":{"
                + "\"request\":{\"provider\":\"openai\",\"model\":\"o3\",\"estimated_nano_usd\":1000000000},"
                + "\"agent\":{\"id\":\"agt_1\",\"name\":\"a\"},\"project\":{\"id\":\"prj_1\",\"name\":\"p\"},"
                + "\"team\":{\"id\":\"team_1\",\"name\":\"t\"},\"time\":{\"utc\":\"2026-12-05T10:00:00Z\"}}}", null);
        HttpResponse<String> missing = policies.call("POST", "/v1/policies/evaluate", "{\"context\":{}}", null);

        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
        JsonNode r = json(recorded);
        assertThat(r.get("source").asString()).isEqualTo("draft");
        assertThat(r.get("verdict").asString()).isEqualTo("deny");
        assertThat(r.get("rules").findValuesAsString("status")).containsExactly("matched", "matched", "out_of_scope");
        assertThat(given.statusCode()).as(given.body()).isEqualTo(200);
        assertThat(json(given).get("verdict").asString()).isEqualTo("allow");
        assertThat(json(given).get("rules").findValuesAsString("status"))
                .containsExactly("not_matched", "not_matched", "out_of_scope");
        assertProblem(missing, 422, "validation-failed");
    }

    @Test
    void simulation_counts_equal_re_deciding_each_recorded_decision() {
        for (String usd : List.of("1", "3", "6", "7")) {
            org.reserve(agent, usd);
        }
        policies.addOrgRule("Big", "request.estimated_usd > 5.0", "deny");
        policies.addOrgRule("Middle", "request.estimated_usd > 2.0", "require_approval");

        HttpResponse<String> simulated = policies.call("POST", "/v1/policies/simulate", "{\"days\":1}", null);

        assertThat(simulated.statusCode()).as(simulated.body()).isEqualTo(200);
        JsonNode s = json(simulated);
        assertThat(s.get("decisions").asLong()).isEqualTo(4);
        int deniedOneByOne = 0;
        int approvalOneByOne = 0;
        for (JsonNode row : json(org.get(agent.token(), "/v1/reservations?limit=10")).get("data")) {
            String verdict = json(policies.call("POST", "/v1/policies/evaluate", "{\"reservation_id\":\""
                    + row.get("id").asString() + "\"}", null)).get("verdict").asString();
            deniedOneByOne += verdict.equals("deny") ? 1 : 0;
            approvalOneByOne += verdict.equals("require_approval") ? 1 : 0;
        }
        assertThat(s.get("changed").asLong()).isEqualTo(deniedOneByOne + approvalOneByOne).isEqualTo(3);
        long denied = 0;
        long approval = 0;
        for (JsonNode t : s.get("transitions")) {
            assertThat(t.get("from").asString()).isEqualTo("allowed");
            denied += t.get("to").asString().equals("denied") ? t.get("count").asLong() : 0;
            approval += t.get("to").asString().equals("pending_approval") ? t.get("count").asLong() : 0;
        }
        assertThat(denied).isEqualTo(deniedOneByOne).isEqualTo(2);
        assertThat(approval).isEqualTo(approvalOneByOne).isEqualTo(1);
        assertThat(s.get("changed_usd").asString()).isEqualTo("16.00");
        assertProblem(policies.call("POST", "/v1/policies/simulate", "{\"days\":31}", null), 422,
                "validation-failed");
    }

    @Test
    void conflicting_rules_are_reported_with_a_witness_and_publish_only_when_acknowledged() {
        String deny = policies.addOrgRule("Refuse big", "request.estimated_usd > 5.0", "deny");
        String ask = policies.addOrgRule("Ask big", "request.estimated_usd > 3.0", "require_approval");

        JsonNode validation = json(policies.call("POST", "/v1/policies/draft/validate", null, null));
        HttpResponse<String> unacknowledged = policies.call("POST", "/v1/policies/draft/publish", "{}",
                policies.draftTag());
        HttpResponse<String> acknowledged = policies.call("POST", "/v1/policies/draft/publish",
                "{\"acknowledge_conflicts\":true}", policies.draftTag());

        assertThat(validation.get("valid").asBoolean()).isTrue();
        assertThat(validation.get("conflicts")).hasSize(1);
        JsonNode conflict = validation.get("conflicts").get(0);
        assertThat(List.of(conflict.get("rule_a").asString(), conflict.get("rule_b").asString()))
                .containsExactlyInAnyOrder(deny, ask);
        assertThat(conflict.get("description").asString()).contains("deny");
        assertProblem(unacknowledged, 409, "policy-conflicts");
        assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(201);
        assertThat(json(acknowledged).get("conflicts_acknowledged").asBoolean()).isTrue();
    }

    @Test
    void disjoint_rules_raise_no_conflict() {
        policies.addOrgRule("Refuse o3", "request.model == \"o3\"", "deny");
        policies.addOrgRule("Ask mini", "request.model == \"gpt-4o-mini\"", "require_approval");

        JsonNode validation = json(policies.call("POST", "/v1/policies/draft/validate", null, null));

        assertThat(validation.get("conflicts")).isEmpty();
        assertThat(policies.call("POST", "/v1/policies/draft/publish", "{}", policies.draftTag()).statusCode())
                .isEqualTo(201);
    }

    @Test
    void another_tenants_rules_and_versions_are_not_found() {
        String rule = policies.addOrgRule("Mine", "true", "monitor");
        long version = policies.publish();
        PolicyClient stranger = new PolicyClient(new LedgerFixture(port, Databases.of(environment), "Stranger").owner);

        assertProblem(stranger.call("GET", "/v1/policies/rules/" + rule, null, null), 404, "not-found");
        assertProblem(stranger.call("PATCH", "/v1/policies/rules/" + rule, "{\"name\":\"x\"}", "\"v0\""), 404,
                "not-found");
        assertProblem(stranger.call("DELETE", "/v1/policies/rules/" + rule, null, null), 404, "not-found");
        assertProblem(stranger.call("GET", "/v1/policies/versions/" + version, null, null), 404, "not-found");
        assertProblem(stranger.call("POST", "/v1/policies/versions/" + version + "/rollback", "{}", null), 404,
                "not-found");
        assertThat(json(stranger.call("GET", "/v1/policies/rules", null, null)).get("rules")).isEmpty();
    }

    @Test
    void changes_and_publications_are_audited_with_the_acknowledgement() {
        String id = policies.addOrgRule("Audited", "true", "monitor");
        policies.publish();

        JsonNode events = json(org.owner.api("GET", "/v1/audit-events?limit=50"));
        List<String> actions = events.get("data").findValuesAsString("action");
        assertThat(actions).contains("policy_rule.created", "policy_bundle.published");
        assertThat(events.toString()).contains(id).contains("conflicts_acknowledged");
    }
}
