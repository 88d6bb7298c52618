package io.tollgate.budgets;

import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.tollgate.platform.PrefixedId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** The budgets pages and the reservations explorer over real HTTP, with an owner's console session. */
@TollgateTest
class BudgetsConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerFixture org;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "BudgetPages");
    }

    @Test
    void the_list_starts_empty_then_shows_each_budget_with_its_spend_bar() {
        HttpResponse<String> empty = org.owner.get("/app/budgets");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("<h1>Budgets</h1>", "data-testid=\"no-budgets\"",
                "href=\"/app/budgets\" aria-current=\"page\"", "data-testid=\"new-budget\"");

        LedgerFixture.AgentKey agent = org.agent();
        org.budget("org", null, "monthly", "100", true, ",\"soft_thresholds\":[10,50]");
        String committed = json(org.reserve(agent, "30")).get("id").asString();
        assertThat(org.commit(agent, committed, "20").statusCode()).isEqualTo(200);
        assertThat(org.reserve(agent, "5").statusCode()).isEqualTo(201);

        String list = org.owner.get("/app/budgets").body();
        assertThat(list).contains("org monthly", "Whole organisation", "Monthly", "Hard limit $100.00",
                "Alerts at 10%, 50%", "data-level=\"warn\"", "<strong>$20.00</strong> spent",
                "<strong>$5.00</strong> held", "<strong>$75.00</strong> left", "20% of $100.00",
                "width=\"20.0\"", "x=\"20.0\"", "width=\"5.0\"").doesNotContain("data-testid=\"no-budgets\"");
    }

    @Test
    void a_budget_page_shows_the_burn_chart_and_the_reservations_that_touched_it() {
        LedgerFixture.AgentKey agent = org.agent();
        String budget = org.budget("agent", agent.agent().apiId(), "monthly", "50", true, "");
        String reservation = json(org.reserve(agent, "12.5")).get("id").asString();
        org.commit(agent, reservation, "10");

        String page = org.owner.get("/app/budgets/" + uuid("bud", budget)).body();
        assertThat(page).contains("data-testid=\"burn-chart\"", "data-testid=\"burn-spent\"",
                "data-testid=\"burn-limit\"", "data-testid=\"burn-forecast\"", "limit $50.00",
                "data-testid=\"chart-spent\">$10.00<", "data-reservation=\"" + reservation + "\"", "committed",
                "data-testid=\"edit-budget\"").doesNotContain("style=");
    }

    @Test
    void bad_input_is_explained_on_the_form_and_creates_nothing() {
        Map<String, String> bad = form("", "org", "monthly", "lots", "80, 50");
        HttpResponse<String> refused = org.owner.submitForm("/app/budgets/new", "/app/budgets", bad);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("The budget was not created.", "Write an amount in US dollars",
                "value=\"lots\"", "value=\"80, 50\"");

        HttpResponse<String> stillBad = org.owner.submitForm("/app/budgets/new", "/app/budgets",
                form("Everything", "org", "monthly", "100", "80, 50"));
        assertThat(stillBad.body()).contains("The budget was not created.", "smallest first");
        assertThat(json(org.owner.api("GET", "/v1/budgets")).get("data")).isEmpty();

        HttpResponse<String> created = org.owner.submitForm("/app/budgets/new", "/app/budgets",
                form("Everything", "org", "monthly", "1,250.50", "50, 80"));
        assertThat(created.uri().getPath()).matches("/app/budgets/[0-9a-f-]{36}");
        assertThat(created.body()).contains("is created", "data-testid=\"burn-chart\"", "$1,250.50",
                "50%, 80%");

        HttpResponse<String> twice = org.owner.submitForm("/app/budgets/new", "/app/budgets",
                form("Again", "org", "monthly", "10", ""));
        assertThat(twice.body()).contains("has a monthly budget already");
        assertThat(json(org.owner.api("GET", "/v1/budgets")).get("data")).hasSize(1);
    }

    @Test
    void an_edit_from_a_stale_form_is_refused_with_a_readable_conflict() {
        String budget = org.budget("org", null, "weekly", "100", true, "");
        String id = uuid("bud", budget).toString();
        String form = org.owner.get("/app/budgets/" + id + "/edit").body();
        assertThat(form).contains("name=\"version\"", "value=\"0\"", "value=\"100.00\"");

        Map<String, String> first = form("Weekly cap", "org", "weekly", "150", "");
        first.put("version", "0");
        HttpResponse<String> saved = org.owner.submitForm("/app/budgets/" + id + "/edit",
                "/app/budgets/" + id + "/edit", first);
        assertThat(saved.body()).contains("is saved", "$150.00");

        Map<String, String> stale = form("Stale name", "org", "weekly", "90", "");
        stale.put("version", "0");
        HttpResponse<String> refused = org.owner.submitForm("/app/budgets/" + id + "/edit",
                "/app/budgets/" + id + "/edit", stale);
        assertThat(refused.body()).contains("Someone changed this budget after you opened the form",
                "value=\"Weekly cap\"", "value=\"150.00\"").doesNotContain("value=\"Stale name\"");
        assertThat(json(org.owner.api("GET", "/v1/budgets/" + budget)).get("limit_usd").asString())
                .isEqualTo("150.00");
    }

    @Test
    void delete_happens_only_after_the_confirmation_step() {
        String budget = org.budget("org", null, "daily", "10", true, "");
        String id = uuid("bud", budget).toString();
        assertThat(org.owner.get("/app/budgets/" + id).body()).contains("href=\"/app/budgets/" + id + "/delete\"");

        HttpResponse<String> unconfirmed = org.owner.submitForm("/app/budgets/" + id,
                "/app/budgets/" + id + "/delete", Map.of());
        assertThat(unconfirmed.body()).contains("Delete this budget?", "name=\"confirm\" value=\"yes\"");
        assertThat(org.owner.api("GET", "/v1/budgets/" + budget).statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = org.owner.submitForm("/app/budgets/" + id + "/delete",
                "/app/budgets/" + id + "/delete", Map.of("confirm", "yes"));
        assertThat(deleted.uri().getPath()).isEqualTo("/app/budgets");
        assertThat(deleted.body()).contains("is deleted", "data-testid=\"no-budgets\"");
        assertThat(org.owner.api("GET", "/v1/budgets/" + budget).statusCode()).isEqualTo(404);
    }

    @Test
    void another_organisations_budget_and_reservation_are_not_found() {
        LedgerFixture other = new LedgerFixture(port, Databases.of(environment), "OtherBudgets");
        LedgerFixture.AgentKey agent = other.agent();
        String budget = other.budget("org", null, "monthly", "10", true, "");
        String reservation = json(other.reserve(agent, "1")).get("id").asString();
        String id = uuid("bud", budget).toString();

        assertThat(other.owner.get("/app/budgets/" + id).statusCode()).isEqualTo(200);
        assertThat(org.owner.get("/app/budgets/" + id).statusCode()).isEqualTo(404);
        assertThat(org.owner.get("/app/budgets/" + id + "/edit").statusCode()).isEqualTo(404);
        assertThat(org.owner.submitForm("/app/budgets", "/app/budgets/" + id + "/delete",
                Map.of("confirm", "yes")).statusCode()).isEqualTo(404);
        assertThat(org.owner.get("/app/reservations/" + uuid("rsv", reservation)).statusCode()).isEqualTo(404);
        assertThat(org.owner.get("/app/reservations/not-an-id").statusCode()).isEqualTo(404);
        assertThat(org.owner.get("/app/reservations").body()).doesNotContain(reservation);
        assertThat(json(other.owner.api("GET", "/v1/budgets/" + budget)).get("name").asString())
                .isEqualTo("org monthly");
    }

    @Test
    void the_explorer_filters_reservations_and_a_timeline_tells_each_step() {
        LedgerFixture.AgentKey agent = org.agent();
        LedgerFixture.AgentKey sibling = org.agentBeside(agent);
        org.budget("team", PrefixedId.format("team", agent.agent().team()), "monthly", "100", true, "");
        String committed = json(org.reserve(agent, "4")).get("id").asString();
        org.commit(agent, committed, "6");
        String released = json(org.reserve(agent, "2")).get("id").asString();
        org.post(agent.token(), "/v1/reservations/" + released + "/release", null, null);
        String active = json(org.reserve(sibling, "1")).get("id").asString();

        String all = org.owner.get("/app/reservations").body();
        assertThat(all).contains("href=\"/app/reservations\" aria-current=\"page\"", committed, released, active);

        String byState = org.owner.get("/app/reservations?state=committed").body();
        assertThat(byState).contains(committed).doesNotContain(released, active);
        String byAgent = org.owner.htmxGet("/app/reservations?agent=" + sibling.agent().id()).body();
        assertThat(byAgent).contains("id=\"reservation-results\"", active).doesNotContain(committed, "<html");
        assertThat(org.owner.get("/app/reservations?model=gpt-4o-mini&state=released").body())
                .contains(released).doesNotContain(committed);
        assertThat(org.owner.get("/app/reservations?model=claude-x").body()).contains("No reservations match");
        assertThat(org.owner.get("/app/reservations?from=2000-01-01T00:00&to=2000-01-02T00:00").body())
                .contains("No reservations match");
        assertThat(org.owner.get("/app/reservations?from=yesterday").body()).contains("data-testid=\"filter-error\"",
                "YYYY-MM-DDTHH:MM");

        String timeline = org.owner.get("/app/reservations/" + uuid("rsv", committed)).body();
        assertThat(timeline).contains("data-testid=\"timeline\"", "data-kind=\"created\"", "Estimated $4.00",
                "data-kind=\"hold\"", "Held $4.00 on “team monthly”", "data-kind=\"commit\"",
                "Committed $4.00 on “team monthly”", "data-kind=\"overrun\"", "Overran by $2.00",
                "data-kind=\"committed\"", "Committed at $6.00, $2.00 over the hold.");
        assertThat(timeline.indexOf("data-kind=\"hold\"")).isLessThan(timeline.indexOf("data-kind=\"commit\""));
        assertThat(org.owner.get("/app/reservations/" + uuid("rsv", released)).body())
                .contains("Released the hold of $2.00", "Released by the agent");
    }

    private static UUID uuid(String prefix, String id) {
        return PrefixedId.parse(prefix, id, prefix);
    }

    private static Map<String, String> form(String name, String scope, String period, String limit,
                                            String thresholds) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("scope", scope);
        form.put("period", period);
        form.put("limitUsd", limit);
        form.put("hard", "true");
        form.put("_hard", "on");
        form.put("softThresholds", thresholds);
        form.put("perRequestMaxUsd", "");
        return form;
    }
}
