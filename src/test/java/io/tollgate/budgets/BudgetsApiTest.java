package io.tollgate.budgets;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.identity.BearerFixtures.issueKey;
import static io.tollgate.identity.BearerFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import io.tollgate.budgets.internal.BudgetService;
import tools.jackson.databind.JsonNode;

/** Budgets over real HTTP: who manages which, optimistic updates, validation, windows. */
@TollgateTest
class BudgetsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    BudgetService budgets;

    @Autowired
    TenantTransactions transactions;

    @Autowired
    JdbcTemplate jdbc;

    ConsoleClient owner;
    BearerFixtures fixtures;
    UUID tenant;
    BearerFixtures.Agent agent;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Budgets").signUp(port);
        fixtures = new BearerFixtures(port, Databases.of(environment));
        tenant = BearerFixtures.tenantOf(owner);
        agent = fixtures.agentIn(tenant);
    }

    @Test
    void an_owner_creates_reads_and_lists_budgets_with_their_current_window() {
        HttpResponse<String> created = create(owner, "{\"name\":\"Team monthly\",\"scope_type\":\"team\",\"scope_id\":\""
                + team() + "\",\"period\":\"monthly\",\"limit_usd\":\"250.5\",\"soft_thresholds\":[50,80,100],"
                + "\"per_request_max_usd\":\"2\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"v0\"");
        JsonNode body = json(created);
        String id = body.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/budgets/" + id);
        assertThat(body.get("limit_usd").asString()).isEqualTo("250.50");
        assertThat(body.get("hard").asBoolean()).isTrue();
        assertThat(body.get("scope_id").asString()).isEqualTo(team());
        assertThat(body.get("current_window").get("remaining_usd").asString()).isEqualTo("250.50");
        assertThat(body.get("current_window").get("spent_usd").asString()).isEqualTo("0.00");
        assertThat(body.get("current_window").get("starts_at").asString()).endsWith("-01T00:00:00Z");

        assertThat(json(owner.api("GET", "/v1/budgets/" + id)).get("name").asString()).isEqualTo("Team monthly");
        create(owner, "{\"name\":\"Org lifetime\",\"scope_type\":\"org\",\"period\":\"lifetime\",\"limit_usd\":\"9000\"}");
        JsonNode page = json(owner.api("GET", "/v1/budgets?limit=1"));
        assertThat(page.get("data")).hasSize(1);
        JsonNode next = json(owner.api("GET", "/v1/budgets?limit=1&cursor=" + page.get("next_cursor").asString()));
        assertThat(next.get("data").get(0).get("name").asString()).isEqualTo("Org lifetime");
        assertThat(next.get("next_cursor").isNull()).isTrue();
        assertThat(json(owner.api("GET", "/v1/budgets?scope_type=org")).get("data")).hasSize(1);
    }

    @Test
    void bad_input_is_422_and_a_second_budget_for_the_same_scope_and_period_is_409() {
        assertProblem(create(owner, "{\"name\":\"x\",\"scope_type\":\"planet\",\"period\":\"monthly\",\"limit_usd\":\"1\"}"),
                422, "validation-failed");
        assertProblem(create(owner, "{\"name\":\"x\",\"scope_type\":\"org\",\"period\":\"hourly\",\"limit_usd\":\"1\"}"),
                422, "validation-failed");
        assertProblem(create(owner, "{\"name\":\"x\",\"scope_type\":\"org\",\"period\":\"daily\",\"limit_usd\":\"-5\"}"),
                422, "validation-failed");
        assertProblem(create(owner, "{\"name\":\"x\",\"scope_type\":\"org\",\"period\":\"daily\",\"limit_usd\":\"0.0000000001\"}"),
                422, "validation-failed");
        assertProblem(create(owner, "{\"name\":\"x\",\"scope_type\":\"org\",\"period\":\"daily\",\"limit_usd\":\"10\","
                + "\"soft_thresholds\":[80,50]}"), 422, "validation-failed");
        assertProblem(create(owner, "{\"name\":\"x\",\"scope_type\":\"org\",\"period\":\"daily\",\"limit_usd\":\"10\","
                + "\"per_request_max_usd\":\"11\"}"), 422, "validation-failed");
        assertProblem(create(owner, "{\"name\":\"x\",\"scope_type\":\"team\",\"period\":\"daily\",\"limit_usd\":\"10\"}"),
                422, "validation-failed");
        assertProblem(create(owner, "{\"name\":\"x\",\"scope_type\":\"team\",\"scope_id\":\"team_"
                + "0".repeat(32) + "\",\"period\":\"daily\",\"limit_usd\":\"10\"}"), 404, "not-found");

        String body = "{\"name\":\"Agent daily\",\"scope_type\":\"agent\",\"scope_id\":\"" + agent.apiId()
                + "\",\"period\":\"daily\",\"limit_usd\":\"10\"}";
        assertThat(create(owner, body).statusCode()).isEqualTo(201);
        HttpResponse<String> duplicate = create(owner, body);
        assertProblem(duplicate, 409, "conflict");
        assertThat(duplicate.body()).contains("daily budget already");
    }

    @Test
    void changes_need_the_current_etag_and_a_hard_limit_cannot_drop_below_what_is_used() {
        String id = json(create(owner, "{\"name\":\"Project weekly\",\"scope_type\":\"org\",\"period\":\"weekly\","
                + "\"limit_usd\":\"100\"}")).get("id").asString();

        assertProblem(patch(id, null, "{\"limit_usd\":\"120\"}"), 428, "precondition-required");
        HttpResponse<String> changed = patch(id, "\"v0\"", "{\"limit_usd\":\"120\",\"name\":\"Org weekly\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).hasValue("\"v1\"");
        assertThat(json(changed).get("limit_usd").asString()).isEqualTo("120.00");
        assertProblem(patch(id, "\"v0\"", "{\"limit_usd\":\"130\"}"), 412, "precondition-failed");

        UUID budget = PrefixedId.parse("bud", id, "budget");
        openAndUse(budget, 90_000_000_000L);
        HttpResponse<String> tooLow = patch(id, "\"v1\"", "{\"limit_usd\":\"80\"}");
        assertProblem(tooLow, 409, "conflict");
        assertThat(json(owner.api("GET", "/v1/budgets/" + id)).get("limit_usd").asString()).isEqualTo("120.00");
        JsonNode window = json(patch(id, "\"v1\"", "{\"limit_usd\":\"95\"}")).get("current_window");
        assertThat(window.get("held_usd").asString()).isEqualTo("90.00");
        assertThat(window.get("remaining_usd").asString()).isEqualTo("5.00");

        assertThat(owner.api("DELETE", "/v1/budgets/" + id).statusCode()).isEqualTo(204);
        assertProblem(owner.api("GET", "/v1/budgets/" + id), 404, "not-found");
    }

    /** Issue 12 item 9: the overrun of a window is spent too; a hard limit cannot go below it either. */
    @Test
    void a_hard_limit_cannot_drop_below_what_was_held_committed_and_overrun() {
        LedgerFixture org = new LedgerFixture(port, Databases.of(environment), "Overrun");
        LedgerFixture.AgentKey spender = org.agent();
        String id = org.budget("team", PrefixedId.format("team", spender.agent().team()), "monthly", "400", true, "");
        String first = json(org.reserve(spender, "220")).get("id").asString();
        assertThat(org.commit(spender, first, "220").statusCode()).isEqualTo(200);
        String late = json(org.reserve(spender, "100")).get("id").asString();
        org.expireNow(late);
        assertThat(json(org.commit(spender, late, "110.04")).get("overrun_usd").asString()).isEqualTo("110.04");
        assertThat(org.budgetView(id).get("spent_usd").asString()).isEqualTo("330.04");

        HttpResponse<String> belowSpend = org.owner.send(org.owner.apiRequest("PATCH", "/v1/budgets/" + id,
                "application/json", HttpRequest.BodyPublishers.ofString("{\"limit_usd\":\"250.00\"}"))
                .header("If-Match", "\"v0\"").build());

        assertProblem(belowSpend, 409, "conflict");
        assertThat(belowSpend.body()).contains("limit_usd");
        assertThat(json(org.owner.api("GET", "/v1/budgets/" + id)).get("limit_usd").asString()).isEqualTo("400.00");
        HttpResponse<String> atSpend = org.owner.send(org.owner.apiRequest("PATCH", "/v1/budgets/" + id,
                "application/json", HttpRequest.BodyPublishers.ofString("{\"limit_usd\":\"330.04\"}"))
                .header("If-Match", "\"v0\"").build());
        assertThat(atSpend.statusCode()).as(atSpend.body()).isEqualTo(200);
        assertThat(json(atSpend).get("current_window").get("remaining_usd").asString()).isEqualTo("0.00");
    }

    @Test
    void a_team_admin_manages_their_teams_budgets_and_another_team_is_not_found() {
        BearerFixtures.Agent other = fixtures.agentIn(tenant);
        String adminKey = issueKey(owner, agent, "[\"admin\"]", "").get("secret").asString();
        String theirs = json(create(owner, "{\"name\":\"Other team\",\"scope_type\":\"team\",\"scope_id\":\""
                + PrefixedId.format("team", other.team()) + "\",\"period\":\"daily\",\"limit_usd\":\"5\"}"))
                .get("id").asString();
        ConsoleClient lead = teamAdminOf(agent.team());

        HttpResponse<String> own = create(lead, "{\"name\":\"Bot daily\",\"scope_type\":\"agent\",\"scope_id\":\""
                + agent.apiId() + "\",\"period\":\"daily\",\"limit_usd\":\"3\"}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        assertProblem(create(lead, "{\"name\":\"Sneaky\",\"scope_type\":\"team\",\"scope_id\":\""
                + PrefixedId.format("team", other.team()) + "\",\"period\":\"weekly\",\"limit_usd\":\"3\"}"), 404,
                "not-found");
        assertProblem(create(lead, "{\"name\":\"Org\",\"scope_type\":\"org\",\"period\":\"weekly\",\"limit_usd\":\"3\"}"),
                403, "forbidden");
        assertProblem(lead.api("DELETE", "/v1/budgets/" + theirs), 404, "not-found");
        assertThat(lead.api("GET", "/v1/budgets/" + theirs).statusCode()).isEqualTo(200);

        HttpResponse<String> byKey = fixtures.call(adminKey, "POST", "/v1/budgets", "{\"name\":\"Keyed\","
                + "\"scope_type\":\"org\",\"period\":\"monthly\",\"limit_usd\":\"7\"}");
        assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(201);
    }

    @Test
    void read_keys_read_write_only_keys_and_other_tenants_do_not() {
        String id = json(create(owner, "{\"name\":\"Org daily\",\"scope_type\":\"org\",\"period\":\"daily\","
                + "\"limit_usd\":\"10\"}")).get("id").asString();
        String readKey = issueKey(owner, agent, "[\"read\"]", "").get("secret").asString();
        String writeKey = issueKey(owner, agent, "[\"reservations:write\"]", "").get("secret").asString();

        assertThat(fixtures.call(readKey, "GET", "/v1/budgets/" + id).statusCode()).isEqualTo(200);
        assertProblem(fixtures.call(readKey, "DELETE", "/v1/budgets/" + id), 403, "forbidden");
        assertProblem(fixtures.call(writeKey, "GET", "/v1/budgets"), 403, "forbidden");
        ConsoleClient stranger = TestAccounts.fresh("Stranger").signUp(port);
        assertProblem(stranger.api("GET", "/v1/budgets/" + id), 404, "not-found");
        assertProblem(stranger.api("DELETE", "/v1/budgets/" + id), 404, "not-found");
        assertThat(json(stranger.api("GET", "/v1/budgets")).get("data")).isEmpty();
    }

    @Test
    void sixteen_threads_opening_the_same_window_make_one_row() throws Exception {
        String id = json(create(owner, "{\"name\":\"Org monthly\",\"scope_type\":\"org\",\"period\":\"monthly\","
                + "\"limit_usd\":\"10\"}")).get("id").asString();
        UUID budget = PrefixedId.parse("bud", id, "budget");
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> opened = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                opened.add(threads.submit(() -> asOwner(() -> budgets.openCurrentWindow(budget))));
            }
            for (Future<?> f : opened) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        Integer rows = transactions.asTenant(new TenantId(tenant), () -> jdbc.queryForObject(
                "SELECT count(*) FROM budget_windows WHERE budget_id = ?", Integer.class, budget));
        assertThat(rows).isEqualTo(1);
    }

    private void asOwner(Runnable work) {
        var auth = new org.springframework.security.authentication.TestingAuthenticationToken("owner", "n/a",
                "ROLE_OWNER");
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            transactions.runAsTenant(new TenantId(tenant), work);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    private void openAndUse(UUID budget, long reservedNanos) {
        asOwner(() -> budgets.openCurrentWindow(budget));
        fixtures.sql("UPDATE budget_windows SET reserved_nanos = ? WHERE budget_id = ?", reservedNanos, budget);
    }

    private String team() {
        return PrefixedId.format("team", agent.team());
    }

    private HttpResponse<String> create(ConsoleClient client, String body) {
        return client.api("POST", "/v1/budgets", "application/json", body);
    }

    private HttpResponse<String> patch(String id, String ifMatch, String body) {
        HttpRequest.Builder request = owner.apiRequest("PATCH", "/v1/budgets/" + id, "application/json",
                HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return owner.send(request.build());
    }

    private ConsoleClient teamAdminOf(UUID team) {
        String email = "lead-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String created = owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"" + email + "\",\"role\":\"VIEWER\"}").body();
        String path = URI.create(created.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
        ConsoleClient client = new ConsoleClient(port);
        client.submitForm(path, path, Map.of("displayName", "Lead", "password", TestAccounts.STRONG_PASSWORD));
        String members = owner.api("GET", "/v1/members?limit=200").body();
        String memberId = members.replaceAll(".*\"id\":\"(mem_[0-9a-f]{32})\",\"email\":\""
                + java.util.regex.Pattern.quote(email) + "\".*", "$1");
        HttpResponse<String> granted = owner.api("POST", "/v1/teams/" + PrefixedId.format("team", team) + "/roles",
                "application/json", "{\"member_id\":\"" + memberId + "\",\"role\":\"TEAM_ADMIN\"}");
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        return client;
    }
}
