package io.tollgate.budgets;

import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.tollgate.platform.PrefixedId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * ADR 0053: a replica remembers budget windows it has seen committed and stops checking that they exist. Should a
 * remembered window be missing after all, the reserve must open it again and hold in it, never skip the budget.
 */
@TollgateTest
class WindowMemoryTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void a_remembered_window_that_is_gone_is_opened_again_and_still_limits() {
        LedgerFixture org = new LedgerFixture(port, Databases.of(environment), "Windowmemory");
        LedgerFixture.AgentKey agent = org.agent();
        String budget = org.budget("agent", PrefixedId.format("agt", agent.agent().id()), "daily", "1", true, "");
        // A denial opens the window (committed, so remembered) and books nothing in it.
        assertThat(decision(org.reserve(agent, "5"))).isEqualTo("DENIED");
        org.fixtures.sql("DELETE FROM budget_windows WHERE budget_id = ?", PrefixedId.parse("bud", budget, "budget"));

        assertThat(decision(org.reserve(agent, "0.5"))).isEqualTo("ALLOWED");

        assertThat(org.budgetView(budget).get("held_usd").asString()).as("the hold landed in the reopened window")
                .isEqualTo("0.50");
        assertThat(decision(org.reserve(agent, "0.6"))).as("the limit still binds").isEqualTo("DENIED");
    }

    private static String decision(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("decision").asString();
    }
}
