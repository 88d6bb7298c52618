package io.tollgate.budgets;

import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * The "Usage & disputes" console pages over real HTTP with a console session: lines with their net cost, refunds,
 * disputes and credits through the forms, readable refusals that change nothing, and no way into another tenant's
 * lines.
 */
@TollgateTest
class LedgerConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerFixture org;
    LedgerFixture.AgentKey agent;
    String orgBudget;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "LedgerConsole");
        agent = org.agent();
        orgBudget = org.budget("org", null, "monthly", "100", true, "");
    }

    @Test
    void the_page_lists_usage_lines_and_a_refund_through_the_form_lowers_the_net_cost() {
        String line = committedLine("1.50");
        HttpResponse<String> page = org.owner.get("/app/ledger");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"line-" + line + "\"").contains("1.50");

        HttpResponse<String> refunded = submit(line, "/adjustments", Map.of("kind", "refund", "amount", "0.50",
                "reason", "Provider credited a failed call"));
        assertThat(refunded.statusCode()).isEqualTo(200);
        assertThat(refunded.body()).contains("Refund of -0.50 USD is booked.");
        assertThat(net(line)).isEqualTo("1.00");
        assertThat(spent(orgBudget)).isEqualTo("1.00");
    }

    @Test
    void bad_input_and_refused_amounts_come_back_as_a_message_and_change_nothing() {
        String line = committedLine("1.00");

        HttpResponse<String> noReason = submit(line, "/adjustments", Map.of("kind", "refund", "amount", "0.10",
                "reason", " "));
        assertThat(noReason.body()).contains("Nothing was changed: Say why");
        HttpResponse<String> garbage = submit(line, "/adjustments", Map.of("kind", "refund", "amount", "lots",
                "reason", "typo"));
        assertThat(garbage.body()).contains("data-testid=\"error\"");
        HttpResponse<String> tooMuch = submit(line, "/adjustments", Map.of("kind", "refund", "amount", "2",
                "reason", "more than the line"));
        assertThat(tooMuch.body()).contains("it cannot go below zero");
        HttpResponse<String> creditWithoutSpend = org.owner.submitForm("/app/ledger", "/app/ledger/credits",
                Map.of("budget", orgBudget, "amount", "5", "reason", "goodwill"));
        assertThat(creditWithoutSpend.body()).contains("nothing was changed");

        assertThat(net(line)).isEqualTo("1.00");
        assertThat(spent(orgBudget)).isEqualTo("1.00");
        assertThat(json(org.owner.api("GET", "/v1/adjustments")).get("data")).isEmpty();
    }

    @Test
    void a_dispute_is_opened_and_resolved_with_a_refund_from_the_line_page() {
        String line = committedLine("1.00");
        HttpResponse<String> opened = submit(line, "/disputes", Map.of("reason", "Billed twice"));
        assertThat(opened.body()).contains("A dispute on this line is open.").contains("Billed twice");
        assertThat(org.owner.get("/app/ledger").body()).contains("data-testid=\"open-disputes\"");

        JsonNode dispute = json(org.owner.api("GET", "/v1/disputes?state=open")).get("data").get(0);
        String id = dispute.get("id").asString();
        HttpResponse<String> resolved = org.owner.submitForm("/app/ledger/lines/" + line,
                "/app/ledger/disputes/" + id + "/resolve",
                Map.of("outcome", "upheld", "resolution", "The invoice shows one call", "refund", "0.40"));
        assertThat(resolved.body()).contains("The dispute is resolved as upheld; 0.40 USD refunded.");
        assertThat(net(line)).isEqualTo("0.60");
        assertThat(json(org.owner.api("GET", "/v1/disputes/" + id)).get("state").asString()).isEqualTo("resolved");

        HttpResponse<String> again = org.owner.submitForm("/app/ledger/lines/" + line,
                "/app/ledger/disputes/" + id + "/resolve", Map.of("outcome", "rejected", "resolution", "again"));
        assertThat(again.body()).contains("This dispute was resolved already");
        assertThat(net(line)).isEqualTo("0.60");
    }

    @Test
    void a_credit_and_a_verification_run_from_the_overview() {
        committedLine("2.00");
        HttpResponse<String> credited = org.owner.submitForm("/app/ledger", "/app/ledger/credits",
                Map.of("budget", orgBudget, "amount", "0.50", "reason", "Goodwill after an outage"));
        assertThat(credited.body()).contains("Credit of -0.50 USD is booked.");
        assertThat(spent(orgBudget)).isEqualTo("1.50");

        HttpResponse<String> verified = org.owner.submitForm("/app/ledger", "/app/ledger/verifications", Map.of());
        assertThat(verified.body()).contains("budget windows match their ledger entries");
        assertThat(json(org.owner.api("GET", "/v1/ledger/verifications")).get("data")).hasSize(1);
    }

    @Test
    void another_tenants_line_is_not_found() {
        String line = committedLine("1.00");
        LedgerFixture other = new LedgerFixture(port, Databases.of(environment), "LedgerConsoleOther");
        assertThat(other.owner.get("/app/ledger/lines/" + line).statusCode()).isEqualTo(404);
        assertThat(other.owner.get("/app/ledger").body()).doesNotContain(line);
        HttpResponse<String> foreignRefund = other.owner.submitForm("/app/ledger",
                "/app/ledger/lines/" + line + "/adjustments", Map.of("kind", "refund", "amount", "0.10",
                        "reason", "not mine"));
        assertThat(foreignRefund.statusCode()).isEqualTo(404);
        assertThat(net(line)).isEqualTo("1.00");
    }

    private HttpResponse<String> submit(String line, String action, Map<String, String> fields) {
        return org.owner.submitForm("/app/ledger/lines/" + line, "/app/ledger/lines/" + line + action, fields);
    }

    /** Reserves 2 USD and commits {@code cost}; answers the newest usage line's id. */
    private String committedLine(String cost) {
        HttpResponse<String> reserved = org.reserve(agent, "2");
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        String reservation = json(reserved).get("id").asString();
        assertThat(org.commit(agent, reservation, cost).statusCode()).isEqualTo(200);
        return json(org.owner.api("GET", "/v1/usage-lines")).get("data").get(0).get("id").asString();
    }

    private String net(String line) {
        return json(org.owner.api("GET", "/v1/usage-lines/" + line)).get("net_usd").asString();
    }

    private String spent(String budget) {
        return org.budgetView(budget).get("spent_usd").asString();
    }
}
