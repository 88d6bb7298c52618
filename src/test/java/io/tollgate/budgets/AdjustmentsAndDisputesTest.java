package io.tollgate.budgets;

import static io.tollgate.budgets.LedgerFixture.json;
import static io.tollgate.identity.BearerFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * Refunds, credits, corrections and disputes over real HTTP: money moves through new ADJUSTMENT entries in every
 * window it sits in, bounds are enforced with clear problems, only OWNER/ADMIN may move money, and the
 * verification job tells a sound ledger from a tampered one.
 */
@TollgateTest
class AdjustmentsAndDisputesTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerFixture org;
    LedgerChecks checks;
    LedgerFixture.AgentKey agent;
    String agentBudget;
    String orgBudget;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Adjust");
        checks = new LedgerChecks(Databases.of(environment));
        agent = org.agent();
        agentBudget = org.budget("agent", agent.agent().apiId(), "daily", "2", true, "");
        orgBudget = org.budget("org", null, "monthly", "100", true, "");
    }

    @Test
    void a_refund_comes_off_every_window_the_line_was_booked_in_and_never_below_the_line_cost() {
        String line = committedLine("1.50");

        HttpResponse<String> refund = adjust("refund", "0.50", "usage_line_id", line);
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(201);
        assertThat(json(refund).get("amount_usd").asString()).isEqualTo("-0.50");
        assertThat(spent(agentBudget)).isEqualTo("1.00");
        assertThat(spent(orgBudget)).isEqualTo("1.00");
        JsonNode view = json(org.owner.api("GET", "/v1/usage-lines/" + line));
        assertThat(view.get("reported_usd").asString()).isEqualTo("1.50");
        assertThat(view.get("net_usd").asString()).isEqualTo("1.00");

        assertProblem(adjust("refund", "1.01", "usage_line_id", line), 422, "adjustment-exceeds-line");
        assertThat(spent(agentBudget)).isEqualTo("1.00");
        assertThat(audited("adjustment.refund")).isEqualTo(1);
        checks.assertInvariants(new io.tollgate.platform.TenantId(org.tenant));
    }

    @Test
    void a_credit_gives_a_budget_room_back_but_never_more_than_it_spent() {
        committedLine("1.20");

        HttpResponse<String> credit = adjust("credit", "0.20", "budget_id", orgBudget);
        assertThat(credit.statusCode()).as(credit.body()).isEqualTo(201);
        assertThat(spent(orgBudget)).isEqualTo("1.00");
        assertThat(spent(agentBudget)).as("a credit to the org budget leaves the agent's alone").isEqualTo("1.20");

        assertProblem(adjust("credit", "5", "budget_id", orgBudget), 409, "adjustment-exceeds-spend");
        assertThat(spent(orgBudget)).isEqualTo("1.00");
        checks.assertInvariants(new io.tollgate.platform.TenantId(org.tenant));
    }

    @Test
    void an_upward_correction_beyond_a_hard_limit_is_booked_as_overrun() {
        String line = committedLine("1.50");

        HttpResponse<String> correction = adjust("correction", "1.00", "usage_line_id", line);
        assertThat(correction.statusCode()).as(correction.body()).isEqualTo(201);
        JsonNode window = org.budgetView(agentBudget);
        assertThat(window.get("spent_usd").asString()).isEqualTo("2.50");
        assertThat(checks.count("SELECT overrun_nanos FROM budget_windows WHERE budget_id = ?",
                PrefixedId.parse("bud", agentBudget, "budget"))).isEqualTo(500_000_000L);
        checks.assertInvariants(new io.tollgate.platform.TenantId(org.tenant));
    }

    /** Migration 0020 (ADR 0050), run again as the owner role on rows written the old way, bare UUIDs. */
    @Test
    void the_migration_rewrites_stored_bare_uuids_as_prefixed_ids_of_people_and_agents() throws Exception {
        String line = committedLine("1.00");
        String opened = json(org.owner.api("POST", "/v1/usage-lines/" + line + "/disputes", "application/json",
                "{\"reason\":\"Looks doubled\"}")).get("id").asString();
        String person = json(org.owner.api("GET", "/v1/disputes/" + opened)).get("opened_by").asString();
        UUID personId = PrefixedId.parse("usr", person, "user");
        UUID dispute = PrefixedId.parse("dsp", opened, "dispute");
        Databases databases = Databases.of(environment);
        try (Connection superuser = databases.asSuperuser();
             PreparedStatement old = superuser.prepareStatement(
                     "UPDATE usage_disputes SET opened_by = ? WHERE tenant_id = ? AND id = ?")) {
            old.setString(1, agent.agent().id().toString());
            old.setObject(2, org.tenant);
            old.setObject(3, dispute);
            assertThat(old.executeUpdate()).isEqualTo(1);
        }
        String adjustment = json(adjust("refund", "0.10", "usage_line_id", line)).get("id").asString();
        try (Connection superuser = databases.asSuperuser();
             PreparedStatement old = superuser.prepareStatement(
                     "UPDATE adjustments SET created_by = ? WHERE tenant_id = ? AND id = ?")) {
            old.setString(1, personId.toString());
            old.setObject(2, org.tenant);
            old.setObject(3, PrefixedId.parse("adj", adjustment, "adjustment"));
            assertThat(old.executeUpdate()).isEqualTo(1);
        }

        try (Connection owner = databases.asOwner(); Statement statement = owner.createStatement()) {
            statement.execute(migrationSql("db/changelog/0020-budgets-prefixed-actor-ids.yaml"));
        }

        assertThat(json(org.owner.api("GET", "/v1/disputes/" + opened)).get("opened_by").asString())
                .isEqualTo(agent.agent().apiId());
        assertThat(json(org.owner.api("GET", "/v1/adjustments/" + adjustment)).get("created_by").asString())
                .isEqualTo(person);
    }

    @SuppressWarnings("unchecked")
    private static String migrationSql(String file) throws Exception {
        Map<String, Object> changelog = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of(file)));
        Map<String, Object> changeSet = (Map<String, Object>) ((List<Map<String, Object>>)
                changelog.get("databaseChangeLog")).getFirst().get("changeSet");
        Map<String, Object> sql = (Map<String, Object>) ((List<Map<String, Object>>) changeSet.get("changes"))
                .getFirst().get("sql");
        return (String) sql.get("sql");
    }

    @Test
    void a_dispute_is_opened_once_and_resolved_once_and_an_upheld_one_can_refund() {
        String line = committedLine("1.00");

        HttpResponse<String> opened = org.owner.api("POST", "/v1/usage-lines/" + line + "/disputes",
                "application/json", "{\"reason\":\"The provider's invoice shows 0.60\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String dispute = json(opened).get("id").asString();
        assertThat(json(opened).get("state").asString()).isEqualTo("open");
        assertThat(json(opened).get("opened_by").asString()).as("a person, named like every other id")
                .matches("usr_[0-9a-f]{32}");
        assertProblem(org.owner.api("POST", "/v1/usage-lines/" + line + "/disputes", "application/json",
                "{\"reason\":\"again\"}"), 409, "dispute-already-open");
        assertProblem(org.owner.api("POST", "/v1/disputes/" + dispute + "/resolve", "application/json",
                "{\"outcome\":\"rejected\",\"resolution\":\"no\",\"refund_usd\":\"0.40\"}"), 422, "validation-failed");

        HttpResponse<String> resolved = org.owner.api("POST", "/v1/disputes/" + dispute + "/resolve",
                "application/json", "{\"outcome\":\"upheld\",\"resolution\":\"Invoice says 0.60\",\"refund_usd\":\"0.40\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(json(resolved).get("outcome").asString()).isEqualTo("upheld");
        String adjustment = json(resolved).get("adjustment_id").asString();
        assertThat(json(org.owner.api("GET", "/v1/adjustments/" + adjustment)).get("dispute_id").asString())
                .isEqualTo(dispute);
        assertThat(json(org.owner.api("GET", "/v1/adjustments/" + adjustment)).get("created_by").asString())
                .isEqualTo(json(opened).get("opened_by").asString());
        assertThat(json(org.owner.api("GET", "/v1/disputes/" + dispute)).get("resolved_by").asString())
                .isEqualTo(json(opened).get("opened_by").asString());
        assertThat(spent(agentBudget)).isEqualTo("0.60");
        assertProblem(org.owner.api("POST", "/v1/disputes/" + dispute + "/resolve", "application/json",
                "{\"outcome\":\"rejected\",\"resolution\":\"changed my mind\"}"), 409, "dispute-not-open");
        assertThat(json(org.owner.api("GET", "/v1/disputes?state=resolved")).get("data")).hasSize(1);
        assertThat(audited("dispute.opened")).isEqualTo(1);
        assertThat(audited("dispute.resolved")).isEqualTo(1);
        checks.assertInvariants(new io.tollgate.platform.TenantId(org.tenant));
    }

    @Test
    void concurrent_refunds_of_one_line_never_take_more_than_it_cost() throws Exception {
        String line = committedLine("1.00");
        String adminKey = io.tollgate.identity.BearerFixtures.issueKey(org.owner, agent.agent(), "[\"admin\"]", "")
                .get("secret").asString();
        int threads = 16;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return org.post(adminKey, "/v1/adjustments", "{\"kind\":\"refund\",\"amount_usd\":\"0.10\","
                        + "\"reason\":\"race\",\"usage_line_id\":\"" + line + "\"}", null).statusCode();
            }));
        }
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (var answer : answers) {
            statuses.add(answer.get(2, java.util.concurrent.TimeUnit.MINUTES));
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(6);
        assertThat(json(org.owner.api("GET", "/v1/usage-lines/" + line)).get("net_usd").asString())
                .isEqualTo("0.00");
        assertThat(spent(agentBudget)).isEqualTo("0.00");
        checks.assertInvariants(new io.tollgate.platform.TenantId(org.tenant));
    }

    @Test
    void bad_adjustments_are_refused_with_the_field_named_and_nothing_moves() {
        String line = committedLine("1.00");
        assertProblem(adjust("bonus", "1", "usage_line_id", line), 422, "validation-failed");
        assertProblem(adjust("refund", "-1", "usage_line_id", line), 422, "validation-failed");
        assertProblem(adjust("refund", "lots", "usage_line_id", line), 422, "validation-failed");
        assertProblem(adjust("credit", "1", "usage_line_id", line), 422, "validation-failed");
        assertProblem(adjust("refund", "0", "usage_line_id", line), 422, "validation-failed");
        HttpResponse<String> noReason = org.owner.api("POST", "/v1/adjustments", "application/json",
                "{\"kind\":\"refund\",\"amount_usd\":\"0.10\",\"usage_line_id\":\"" + line + "\"}");
        assertThat(noReason.statusCode()).as(noReason.body()).isIn(400, 422);
        assertThat(noReason.body()).contains("reason");
        assertThat(spent(agentBudget)).isEqualTo("1.00");
        assertThat(checks.count("SELECT count(*) FROM adjustments WHERE tenant_id = ?", org.tenant)).isZero();
    }

    @Test
    void agents_cannot_move_money_and_other_tenants_cannot_see_the_line() {
        String line = committedLine("1.00");
        HttpResponse<String> byAgent = org.post(agent.token(), "/v1/adjustments", "{\"kind\":\"refund\","
                + "\"amount_usd\":\"0.10\",\"reason\":\"mine\",\"usage_line_id\":\"" + line + "\"}", null);
        assertProblem(byAgent, 403, "forbidden");

        LedgerFixture other = new LedgerFixture(port, Databases.of(environment), "Other");
        HttpResponse<String> foreign = other.owner.api("POST", "/v1/adjustments", "application/json",
                "{\"kind\":\"refund\",\"amount_usd\":\"0.10\",\"reason\":\"theirs\",\"usage_line_id\":\"" + line + "\"}");
        assertProblem(foreign, 404, "not-found");
        assertProblem(other.owner.api("GET", "/v1/usage-lines/" + line), 404, "not-found");
        assertThat(spent(agentBudget)).isEqualTo("1.00");
    }

    @Test
    void verification_finds_a_sound_ledger_consistent_and_a_tampered_window_inconsistent() {
        committedLine("1.00");
        HttpResponse<String> sound = org.owner.api("POST", "/v1/ledger/verifications", "application/json", "");
        assertThat(sound.statusCode()).as(sound.body()).isEqualTo(201);
        assertThat(json(sound).get("consistent").asBoolean()).isTrue();
        assertThat(json(sound).get("windows_checked").asInt()).isEqualTo(2);

        org.fixtures.sql("UPDATE budget_windows SET overrun_nanos = overrun_nanos + 7 WHERE budget_id = ?",
                PrefixedId.parse("bud", orgBudget, "budget"));
        JsonNode drift = json(org.owner.api("POST", "/v1/ledger/verifications", "application/json", ""));
        assertThat(drift.get("consistent").asBoolean()).isFalse();
        assertThat(drift.get("mismatches")).hasSize(1);
        assertThat(drift.get("mismatches").get(0).get("budget_id").asString()).isEqualTo(orgBudget);
        assertThat(drift.get("mismatches").get(0).get("overrun_nanos").asLong()
                - drift.get("mismatches").get(0).get("entries_overrun_nanos").asLong()).isEqualTo(7);
        assertThat(audited("ledger.drift_detected")).isEqualTo(1);
        assertThat(json(org.owner.api("GET", "/v1/ledger/verifications")).get("data")).hasSize(2);
    }

    /** Reserves 2 USD and commits {@code cost}; answers the usage line's id. */
    private String committedLine(String cost) {
        HttpResponse<String> reserved = org.reserve(agent, "2");
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        String reservation = json(reserved).get("id").asString();
        assertThat(org.commit(agent, reservation, cost).statusCode()).isEqualTo(200);
        JsonNode lines = json(org.owner.api("GET", "/v1/usage-lines")).get("data");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("reservation_id").asString()).isEqualTo(reservation);
        return lines.get(0).get("id").asString();
    }

    private HttpResponse<String> adjust(String kind, String amount, String targetField, String target) {
        return org.owner.api("POST", "/v1/adjustments", "application/json", "{\"kind\":\"" + kind
                + "\",\"amount_usd\":\"" + amount + "\",\"reason\":\"test " + kind + "\",\"" + targetField + "\":\""
                + target + "\"}");
    }

    private String spent(String budget) {
        return org.budgetView(budget).get("spent_usd").asString();
    }

    private long audited(String action) {
        return checks.count("SELECT count(*) FROM audit_events WHERE tenant_id = ? AND action = ?", org.tenant,
                action);
    }
}
