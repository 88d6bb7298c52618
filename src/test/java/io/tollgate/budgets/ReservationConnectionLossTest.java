package io.tollgate.budgets;

import static io.tollgate.budgets.LedgerFixture.json;
import static io.tollgate.identity.BearerFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.support.BackendTerminator;
import io.tollgate.support.BackendTerminator.When;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 12 item 10: the database connection of a request's transaction dies (PostgreSQL restarted, fail-over, an
 * operator's pg_terminate_backend). Before COMMIT the transaction is run again and the request succeeds once; at
 * COMMIT the outcome is unknown, so the answer is 503 with Retry-After, and the retry under the same
 * Idempotency-Key has exactly one effect. Never a 500.
 */
@TollgateTest
class ReservationConnectionLossTest {

    private static final String BODY = "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"0.5\"}";

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    MeterRegistry meters;

    LedgerFixture org;
    LedgerChecks checks;
    LedgerFixture.AgentKey agent;
    String teamBudget;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(context.getEnvironment()), "Connloss");
        checks = new LedgerChecks(Databases.of(context.getEnvironment()));
        agent = org.agent();
        teamBudget = org.budget("team", PrefixedId.format("team", agent.agent().team()), "monthly", "100", true, "");
    }

    @Test
    void a_connection_lost_before_commit_is_run_again_and_reserves_exactly_once() {
        double retriedBefore = retried();
        double withoutKeyBefore = meters.counter("tollgate.idempotency.missing_key").count();
        HttpResponse<String> reserved;
        try (BackendTerminator terminator = BackendTerminator.arm(context, this::reservationOfThisOrg,
                When.AT_THE_EVENT, 1)) {
            reserved = org.post(agent.token(), "/v1/reservations", BODY, null);
            assertThat(terminator.killed()).as("the backend was killed mid-transaction").isEqualTo(1);
        }

        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        assertThat(json(reserved).get("state").asString()).isEqualToIgnoringCase("active");
        assertThat(reservationsOfAgent()).as("one reservation, not one per attempt").isEqualTo(1);
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("0.50");
        assertThat(retried()).isEqualTo(retriedBefore + 1);
        assertThat(meters.counter("tollgate.idempotency.missing_key").count())
                .as("a money-moving call without a key is counted (ADR 0047)").isEqualTo(withoutKeyBefore + 1);
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void a_connection_lost_at_commit_answers_503_with_retry_after_and_the_keyed_retry_has_one_effect() {
        HttpResponse<String> lost;
        try (BackendTerminator terminator = BackendTerminator.arm(context, this::reservationOfThisOrg,
                When.BEFORE_COMMIT, 1)) {
            lost = org.post(agent.token(), "/v1/reservations", BODY, "lost-at-commit-1");
            assertThat(terminator.killed()).isEqualTo(1);
        }

        assertProblem(lost, 503, "service-unavailable");
        assertThat(lost.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(lost.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(lost.body()).contains("Idempotency-Key").doesNotContain("SQL").doesNotContain("terminating");

        HttpResponse<String> retried = org.post(agent.token(), "/v1/reservations", BODY, "lost-at-commit-1");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        HttpResponse<String> again = org.post(agent.token(), "/v1/reservations", BODY, "lost-at-commit-1");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(again).get("id").asString()).isEqualTo(json(retried).get("id").asString());

        assertThat(reservationsOfAgent()).isEqualTo(1);
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("0.50");
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void a_connection_lost_on_every_attempt_answers_503_and_leaves_nothing() {
        HttpResponse<String> lost;
        try (BackendTerminator terminator = BackendTerminator.arm(context, this::reservationOfThisOrg,
                When.AT_THE_EVENT, 10)) {
            lost = org.post(agent.token(), "/v1/reservations", BODY, null);
            assertThat(terminator.killed()).as("every attempt lost its connection").isEqualTo(3);
        }

        assertProblem(lost, 503, "service-unavailable");
        assertThat(lost.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(reservationsOfAgent()).isZero();
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("0.00");
    }

    @Test
    void a_console_page_whose_database_connection_is_lost_is_a_readable_503() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Everything");
        form.put("scope", "org");
        form.put("period", "monthly");
        form.put("limitUsd", "100");
        form.put("hard", "true");
        form.put("_hard", "on");
        form.put("softThresholds", "");
        form.put("perRequestMaxUsd", "");
        HttpResponse<String> lost;
        try (BackendTerminator terminator = BackendTerminator.arm(context, this::budgetOfThisOrg,
                When.BEFORE_COMMIT, 1)) {
            lost = org.owner.submitForm("/app/budgets/new", "/app/budgets", form);
            assertThat(terminator.killed()).isEqualTo(1);
        }

        assertThat(lost.statusCode()).isEqualTo(503);
        assertThat(lost.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html"));
        assertThat(lost.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(lost.body()).contains("Tollgate is briefly unavailable", "try again")
                .doesNotContain("Exception").doesNotContain("SQL");
        assertThat(org.owner.get("/app/budgets").statusCode()).as("the next request is served").isEqualTo(200);
    }

    private boolean reservationOfThisOrg(Object event) {
        return event instanceof ReservationRecorded recorded && recorded.tenant().value().equals(org.tenant)
                && recorded.action().equals("reservation.allowed");
    }

    private boolean budgetOfThisOrg(Object event) {
        return event instanceof BudgetChanged changed && changed.tenant().value().equals(org.tenant);
    }

    private long reservationsOfAgent() {
        UUID agentId = agent.agent().id();
        return checks.count("SELECT count(*) FROM reservations WHERE agent_id = ?", agentId);
    }

    private double retried() {
        return meters.counter("tollgate.db.transactions.retried").count();
    }
}
