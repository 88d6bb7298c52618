package io.tollgate.budgets.internal.ledger;

import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.tollgate.budgets.LedgerChecks;
import io.tollgate.budgets.LedgerFixture;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 12 item 11: due holds stop counting against budgets even when the sweeper lags. The scheduled sweeper is
 * held off in this context, so what expires a hold here is the request path, or a sweep the test runs itself.
 */
@TollgateTest
@TestPropertySource(properties = "tollgate.ledger.sweep-initial-delay=PT24H")
class HoldExpiryTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    ExpirySweeper sweeper;

    LedgerFixture org;
    LedgerChecks checks;
    LedgerFixture.AgentKey agent;
    String agentBudget;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Expiry");
        checks = new LedgerChecks(Databases.of(environment));
        agent = org.agent();
        agentBudget = org.budget("agent", PrefixedId.format("agt", agent.agent().id()), "daily", "1", true, "");
    }

    @Test
    void a_budget_full_of_due_but_unswept_holds_still_allows_a_new_reservation() {
        String first = reserveAllowed("0.5");
        String second = reserveAllowed("0.5");
        assertThat(json(org.reserve(agent, "0.5")).get("decision").asString()).as("the budget is full")
                .isEqualTo("DENIED");
        org.expireNow(first);
        org.expireNow(second);

        HttpResponse<String> third = org.reserve(agent, "0.5");

        assertThat(third.statusCode()).as(third.body()).isEqualTo(201);
        assertThat(json(third).get("decision").asString()).isEqualTo("ALLOWED");
        assertThat(state(first)).isEqualTo("expired");
        assertThat(state(second)).isEqualTo("expired");
        assertThat(org.budgetView(agentBudget).get("held_usd").asString()).isEqualTo("0.50");
        assertThat(checks.count("SELECT count(*) FROM ledger_entries WHERE kind = 'EXPIRE' AND reservation_id IN (?, ?)",
                PrefixedId.parse("rsv", first, "reservation"), PrefixedId.parse("rsv", second, "reservation")))
                .isEqualTo(2);
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void holds_that_are_not_due_are_not_expired_to_make_room() {
        reserveAllowed("0.5");
        String due = reserveAllowed("0.5");
        org.expireNow(due);

        assertThat(json(org.reserve(agent, "0.75")).get("decision").asString())
                .as("expiring the due hold frees 0.50, not enough for 0.75").isEqualTo("DENIED");
        assertThat(state(due)).as("expired all the same: it was due").isEqualTo("expired");
        assertThat(org.budgetView(agentBudget).get("held_usd").asString()).isEqualTo("0.50");
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void the_sweeper_expires_a_backlog_in_one_transaction_per_batch() {
        org.budget("agent", PrefixedId.format("agt", agent.agent().id()), "monthly", "100", true, "");
        List<String> holds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            holds.add(reserveAllowed("0.01"));
        }
        holds.forEach(org::expireNow);

        assertThat(sweeper.sweep(new TenantId(org.tenant))).isEqualTo(30);

        assertThat(holds).allSatisfy(id -> assertThat(state(id)).isEqualTo("expired"));
        assertThat(checks.count("SELECT count(DISTINCT finished_at) FROM reservations WHERE tenant_id = ? "
                + "AND state = 'EXPIRED'", org.tenant)).as("one transaction, one now()").isEqualTo(1);
        assertThat(org.budgetView(agentBudget).get("held_usd").asString()).isEqualTo("0.00");
        assertThat(sweeper.sweep(new TenantId(org.tenant))).as("nothing left").isZero();
        checks.assertInvariants(new TenantId(org.tenant));
    }

    private String reserveAllowed(String usd) {
        HttpResponse<String> reserved = org.reserve(agent, usd);
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        assertThat(json(reserved).get("decision").asString()).as(reserved.body()).isEqualTo("ALLOWED");
        return json(reserved).get("id").asString();
    }

    private String state(String reservation) {
        return json(org.get(agent.token(), "/v1/reservations/" + reservation)).get("state").asString();
    }
}
