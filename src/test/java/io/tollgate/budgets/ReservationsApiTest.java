package io.tollgate.budgets;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The reservation lifecycle over real HTTP with an agent's key: holds on the whole chain, commit, release, expiry. */
@TollgateTest
class ReservationsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    JdbcTemplate jdbc;

    LedgerChecks checks;

    LedgerFixture org;
    LedgerFixture.AgentKey agent;
    String agentBudget;
    String projectBudget;
    String teamBudget;
    String orgBudget;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Ledger");
        checks = new LedgerChecks(Databases.of(environment));
        agent = org.agent();
        agentBudget = org.budget("agent", agent.agent().apiId(), "daily", "10", true, "");
        projectBudget = org.budget("project", PrefixedId.format("prj", agent.project()), "monthly", "50", true, "");
        teamBudget = org.budget("team", PrefixedId.format("team", agent.agent().team()), "monthly", "4", true,
                ",\"soft_thresholds\":[50,80]");
        orgBudget = org.budget("org", null, "monthly", "1000", true, "");
    }

    @Test
    void a_reservation_holds_its_estimate_in_every_budget_of_the_chain() {
        HttpResponse<String> created = org.post(agent.token(), "/v1/reservations", "{\"provider\":\"openai\","
                + "\"model\":\"gpt-4o-mini\",\"estimated_usage\":{\"input_tokens\":1000,\"output_tokens\":500},"
                + "\"ttl_seconds\":120,\"tags\":{\"run\":\"42\"}}", null);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created);
        assertThat(body.get("decision").asString()).isEqualTo("ALLOWED");
        assertThat(body.get("state").asString()).isEqualTo("active");
        assertThat(body.get("held_usd").asString()).isEqualTo("0.00045");
        assertThat(body.get("price_book_version").asString()).isNotBlank();
        assertThat(body.get("tags").get("run").asString()).isEqualTo("42");
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/reservations/" + body.get("id").asString());
        assertThat(body.get("budgets")).hasSize(4);
        assertThat(body.get("budgets").get(0).get("scope_type").asString()).isEqualTo("agent");
        assertThat(body.get("budgets").get(2).get("remaining_usd").asString()).isEqualTo("3.99955");
        for (String budget : new String[] {agentBudget, projectBudget, teamBudget, orgBudget}) {
            assertThat(org.budgetView(budget).get("held_usd").asString()).isEqualTo("0.00045");
        }
        assertThat(json(org.get(agent.token(), "/v1/reservations/" + body.get("id").asString()))
                .get("expires_at").asString()).isEqualTo(body.get("expires_at").asString());
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void a_reservation_that_one_hard_budget_cannot_hold_is_denied_and_holds_nothing_anywhere() {
        String first = json(org.reserve(agent, "3")).get("id").asString();

        HttpResponse<String> denied = org.reserve(agent, "1.5");

        assertThat(denied.statusCode()).isEqualTo(201);
        JsonNode body = json(denied);
        assertThat(body.get("decision").asString()).isEqualTo("DENIED");
        assertThat(body.get("state").asString()).isEqualTo("denied");
        assertThat(body.get("held_usd").asString()).isEqualTo("0.00");
        assertThat(body.get("reasons")).hasSize(1);
        assertThat(body.get("reasons").get(0).get("code").asString()).isEqualTo("budget_exceeded");
        assertThat(body.get("reasons").get(0).get("budget_id").asString()).isEqualTo(teamBudget);
        assertThat(body.get("reasons").get(0).get("message").asString())
                .isEqualTo("Team monthly budget \"team monthly\" has 1.00 USD left; this needs 1.50 USD.");
        assertThat(org.budgetView(agentBudget).get("held_usd").asString()).isEqualTo("3.00");
        assertThat(org.budgetView(orgBudget).get("held_usd").asString()).isEqualTo("3.00");
        assertThat(json(org.commit(agent, first, "2.5")).get("state").asString()).isEqualTo("committed");
        assertThat(org.budgetView(teamBudget).get("spent_usd").asString()).isEqualTo("2.50");
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("0.00");
    }

    @Test
    void committing_less_releases_the_rest_and_committing_more_is_booked_as_a_flagged_overrun() {
        String under = json(org.reserve(agent, "1")).get("id").asString();
        JsonNode committed = json(org.commit(agent, under, "0.25"));
        assertThat(committed.get("actual_cost_usd").asString()).isEqualTo("0.25");
        assertThat(committed.get("overrun_usd").asString()).isEqualTo("0.00");
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("0.00");
        assertThat(org.budgetView(teamBudget).get("spent_usd").asString()).isEqualTo("0.25");

        String over = json(org.reserve(agent, "1")).get("id").asString();
        JsonNode overrun = json(org.commit(agent, over, "1.75"));
        assertThat(overrun.get("state").asString()).isEqualTo("committed");
        assertThat(overrun.get("overrun_usd").asString()).isEqualTo("0.75");
        assertThat(org.budgetView(teamBudget).get("spent_usd").asString()).isEqualTo("2.00");
        assertThat(org.budgetView(teamBudget).get("remaining_usd").asString()).isEqualTo("2.00");
        assertThat(auditCount("budget.threshold_crossed")).isEqualTo(1);

        String third = json(org.reserve(agent, "1.5")).get("id").asString();
        org.commit(agent, third, "1.5");
        assertThat(auditCount("budget.threshold_crossed")).isEqualTo(2);
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void release_frees_the_hold_and_a_second_commit_with_other_usage_is_refused() {
        String id = json(org.reserve(agent, "2")).get("id").asString();
        assertThat(json(org.post(agent.token(), "/v1/reservations/" + id + "/release", null, null))
                .get("state").asString()).isEqualTo("released");
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("0.00");
        assertThat(json(org.post(agent.token(), "/v1/reservations/" + id + "/release", null, null))
                .get("state").asString()).isEqualTo("released");

        String other = json(org.reserve(agent, "1")).get("id").asString();
        assertThat(org.commit(agent, other, "0.5").statusCode()).isEqualTo(200);
        assertThat(org.commit(agent, other, "0.5").statusCode()).isEqualTo(200);
        assertProblem(org.commit(agent, other, "0.6"), 409, "reservation-already-committed");
        assertThat(org.budgetView(teamBudget).get("spent_usd").asString()).isEqualTo("0.50");
        assertProblem(org.post(agent.token(), "/v1/reservations/" + other + "/extend", "{\"ttl_seconds\":60}", null),
                409, "reservation-not-active");
    }

    @Test
    void extend_moves_the_expiry_but_never_beyond_a_day_after_creation() {
        JsonNode created = json(org.post(agent.token(), "/v1/reservations", "{\"provider\":\"openai\","
                + "\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"0.1\",\"ttl_seconds\":60}", null));
        String id = created.get("id").asString();
        JsonNode extended = json(org.post(agent.token(), "/v1/reservations/" + id + "/extend",
                "{\"ttl_seconds\":86400}", null));
        java.time.Instant createdAt = java.time.Instant.parse(extended.get("created_at").asString());
        java.time.Instant expiresAt = java.time.Instant.parse(extended.get("expires_at").asString());
        assertThat(expiresAt).isAfter(java.time.Instant.parse(created.get("expires_at").asString()));
        assertThat(expiresAt).isBeforeOrEqualTo(createdAt.plusSeconds(86_400));
        assertProblem(org.post(agent.token(), "/v1/reservations/" + id + "/extend", "{\"ttl_seconds\":0}", null),
                422, "validation-failed");
    }

    @Test
    void a_commit_after_expiry_is_kept_as_a_late_overrun_never_dropped() {
        String id = json(org.reserve(agent, "2")).get("id").asString();
        org.expireNow(id);

        JsonNode late = json(org.commit(agent, id, "1.2"));

        assertThat(late.get("state").asString()).isEqualTo("expired");
        assertThat(late.get("late_commit").asBoolean()).isTrue();
        assertThat(late.get("overrun_usd").asString()).isEqualTo("1.20");
        JsonNode team = org.budgetView(teamBudget);
        assertThat(team.get("held_usd").asString()).isEqualTo("0.00");
        assertThat(team.get("spent_usd").asString()).isEqualTo("1.20");
        assertThat(jdbcCount("SELECT count(*) FROM usage_lines WHERE tenant_id = ? AND reservation_id = ?",
                org.tenant, PrefixedId.parse("rsv", id, "reservation"))).isEqualTo(1);
        assertProblem(org.post(agent.token(), "/v1/reservations/" + id + "/extend", "{\"ttl_seconds\":60}", null),
                409, "reservation-expired");
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void usage_without_a_reservation_is_booked_and_flagged_no_reservation() {
        HttpResponse<String> reported = org.post(agent.token(), "/v1/usage", "{\"provider\":\"openai\","
                + "\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":2000000}}", null);

        assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
        assertThat(json(reported).get("no_reservation").asBoolean()).isTrue();
        assertThat(json(reported).get("cost_usd").asString()).isEqualTo("0.30");
        assertThat(org.budgetView(teamBudget).get("spent_usd").asString()).isEqualTo("0.30");
        assertThat(jdbcCount("SELECT count(*) FROM usage_lines WHERE tenant_id = ? AND no_reservation "
                + "AND stage = 'REPORTED' AND reservation_id IS NULL", org.tenant)).isEqualTo(1);
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void agents_see_their_own_reservations_and_lists_filter_and_page() {
        LedgerFixture.AgentKey sibling = org.agentBeside(agent);
        String mine = json(org.reserve(agent, "0.1")).get("id").asString();
        json(org.reserve(agent, "0.2"));
        String theirs = json(org.reserve(sibling, "0.1")).get("id").asString();

        assertProblem(org.get(sibling.token(), "/v1/reservations/" + mine), 404, "not-found");
        assertProblem(org.commit(sibling, mine, "0.1"), 404, "not-found");
        JsonNode own = json(org.get(agent.token(), "/v1/reservations?limit=1"));
        assertThat(own.get("data")).hasSize(1);
        JsonNode next = json(org.get(agent.token(), "/v1/reservations?limit=1&cursor=" + own.get("next_cursor").asString()));
        assertThat(next.get("data").get(0).get("id").asString()).isEqualTo(mine);
        assertThat(next.get("next_cursor").isNull()).isTrue();
        JsonNode all = json(org.owner.api("GET", "/v1/reservations?state=active"));
        assertThat(all.get("data")).hasSize(3);
        assertThat(json(org.owner.api("GET", "/v1/reservations?agent_id=" + sibling.agent().apiId()))
                .get("data").get(0).get("id").asString()).isEqualTo(theirs);
    }

    private long auditCount(String action) {
        return jdbcCount("SELECT count(*) FROM audit_events WHERE tenant_id = ? AND action = ?", org.tenant, action);
    }

    private long jdbcCount(String sql, Object... args) {
        return checks.count(sql, args);
    }
}
