package io.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import io.tollgate.platform.PrefixedId;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The permission matrix of {@code docs/security/access-model.md}, run: every {@code /v1/**} and {@code /app/**}
 * endpoint Spring MVC knows must have a row there and a request here, and every row is called as every principal
 * over real HTTP. Destructive rows get a fresh target per call, so cells never depend on each other.
 */
@TollgateTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {

    static final Path DOC = Path.of("docs/security/access-model.md");
    static final List<String> PRINCIPALS = List.of("anonymous", "viewer", "analyst", "approver", "admin", "owner",
            "team admin", "other team admin", "other tenant", "read key", "admin key", "write key");

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    Fixture fixture;

    @BeforeAll
    void buildFixture() {
        fixture = new Fixture(port, Databases.of(environment));
    }

    @Test
    void every_endpoint_has_a_documented_row_and_a_request_and_every_row_an_endpoint() throws IOException {
        Set<String> endpoints = endpoints();
        Set<String> documented = matrix().keySet();

        assertThat(new TreeSet<>(endpoints)).as("endpoints without a row in " + DOC)
                .isSubsetOf(documented);
        assertThat(new TreeSet<>(documented)).as("rows in " + DOC + " that name no endpoint").isSubsetOf(endpoints);
        assertThat(new TreeSet<>(documented)).as("rows without a request in this test")
                .isSubsetOf(fixture.requests().keySet());
    }

    @TestFactory
    Stream<DynamicContainer> every_principal_gets_the_documented_outcome_on_every_endpoint() throws IOException {
        Map<String, List<String>> matrix = matrix();
        int cells = matrix.size() * PRINCIPALS.size();
        System.out.println("access matrix: " + matrix.size() + " endpoints x " + PRINCIPALS.size() + " principals = "
                + cells + " cells");
        return matrix.entrySet().stream().map(row -> DynamicContainer.dynamicContainer(row.getKey(),
                PRINCIPALS.stream().map(principal -> DynamicTest.dynamicTest(principal, () -> {
                    String expected = row.getValue().get(PRINCIPALS.indexOf(principal));
                    Fixture.Outcome outcome = fixture.call(row.getKey(), principal);
                    assertThat(outcome.label()).as(row.getKey() + " as " + principal + " → " + outcome.detail())
                            .isEqualTo(expected);
                }))));
    }

    private Set<String> endpoints() {
        Set<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/v1/") && !pattern.equals("/app") && !pattern.startsWith("/app/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (RequestMethod requestMethod : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    endpoints.add(requestMethod.name() + " " + pattern.replaceAll("\\{(\\w+):[^}]+}", "{$1}"));
                }
            }
        });
        return endpoints;
    }

    /** Rows of the doc's matrix table: endpoint → one expected outcome per principal, in {@link #PRINCIPALS} order. */
    static Map<String, List<String>> matrix() throws IOException {
        String doc = Files.readString(DOC);
        String table = doc.substring(doc.indexOf("<!-- access-matrix:start -->"), doc.indexOf("<!-- access-matrix:end -->"));
        List<String> lines = table.lines().filter(line -> line.startsWith("|")).toList();
        List<String> header = cells(lines.getFirst());
        assertThat(header.subList(1, header.size())).as("principal columns of the matrix").isEqualTo(PRINCIPALS);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = cells(line);
            assertThat(cells).as(line).hasSize(PRINCIPALS.size() + 1);
            assertThat(rows.put(cells.getFirst(), cells.subList(1, cells.size()))).as("duplicate row " + line).isNull();
        }
        return rows;
    }

    private static List<String> cells(String line) {
        return List.of(line.substring(1, line.length() - 1).split("\\|")).stream().map(String::strip).toList();
    }

    /** The principals, the resources they act on, and how each endpoint is called. */
    static final class Fixture {

        record Outcome(String label, String detail) {
        }

        /**
         * What a request needs: the path with its variables filled, a body (JSON for /v1 unless another content
         * type is named, form for /app), and the If-Match a versioned write needs.
         */
        record Call(String path, String body, String contentType, String ifMatch) {
            Call(String path, String body) {
                this(path, body, null, null);
            }

            Call(String path, String body, String contentType) {
                this(path, body, contentType, null);
            }
        }

        private final int port;
        private final Databases databases;
        private final HttpClient bearerHttp = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        private final ConsoleClient owner;
        private final UUID tenant;
        private final Map<String, ConsoleClient> sessions = new LinkedHashMap<>();
        private final Map<String, String> keys = new LinkedHashMap<>();
        private final Map<String, String[]> passwords = new LinkedHashMap<>();
        private final BearerFixtures bearer;
        private final BearerFixtures.Agent agent;
        private final String memberId;
        private final String invitationId;
        private final String auditEventId;
        private final String keyId;
        private final String issuerId;
        private final String overrideId;
        private final UUID projectOfAgent;
        private final String slug;
        private final UUID otherTenant;
        private Map<String, Function<String, Call>> requests;

        Fixture(int port, Databases databases) {
            this.port = port;
            this.databases = databases;
            this.bearer = new BearerFixtures(port, databases);
            TestAccounts account = TestAccounts.fresh("Matrix");
            this.slug = account.slug();
            this.owner = account.signUp(port);
            this.tenant = BearerFixtures.tenantOf(owner);
            this.agent = bearer.agentIn(tenant);
            this.projectOfAgent = UUID.fromString(queryOne("SELECT project_id FROM agents WHERE id = ?", agent.id()));
            BearerFixtures.Agent otherTeamAgent = bearer.agentIn(tenant);
            sessions.put("owner", owner);
            passwords.put("owner", new String[] {account.email(), account.password()});
            for (String role : List.of("admin", "analyst", "approver", "viewer")) {
                Joined member = join(role, role.toUpperCase(java.util.Locale.ROOT));
                sessions.put(role, member.client());
                passwords.put(role, new String[] {member.email(), TestAccounts.STRONG_PASSWORD});
            }
            Joined teamAdmin = join("teamadmin", "VIEWER");
            grantTeamAdmin(teamAdmin.email(), agent.team());
            sessions.put("team admin", teamAdmin.client());
            passwords.put("team admin", new String[] {teamAdmin.email(), TestAccounts.STRONG_PASSWORD});
            Joined otherTeamAdmin = join("otherteamadmin", "VIEWER");
            grantTeamAdmin(otherTeamAdmin.email(), otherTeamAgent.team());
            sessions.put("other team admin", otherTeamAdmin.client());
            passwords.put("other team admin", new String[] {otherTeamAdmin.email(), TestAccounts.STRONG_PASSWORD});
            TestAccounts strangerAccount = TestAccounts.fresh("MatrixOther");
            ConsoleClient stranger = strangerAccount.signUp(port);
            passwords.put("other tenant", new String[] {strangerAccount.email(), strangerAccount.password()});
            this.otherTenant = BearerFixtures.tenantOf(stranger);
            sessions.put("other tenant", stranger);
            keys.put("read key", BearerFixtures.issueKey(owner, agent, "[\"read\"]", "").get("secret").asString());
            keys.put("admin key", BearerFixtures.issueKey(owner, agent, "[\"admin\"]", "").get("secret").asString());
            keys.put("write key", BearerFixtures.issueKey(owner, agent, "[\"reservations:write\",\"usage:write\"]", "")
                    .get("secret").asString());
            this.memberId = join("target", "VIEWER").memberId();
            this.invitationId = newInvitation();
            this.keyId = newKey();
            this.issuerId = newIssuer();
            this.overrideId = PrefixedId.format("prc", newOverride());
            this.auditEventId = BearerFixtures.json(owner.api("GET", "/v1/audit-events?limit=1"))
                    .get("data").get(0).get("id").asString();
        }

        /**
         * Every documented endpoint → how to call it; destructive ones make their own target each time. Built once:
         * the shared targets made here (a usage line, a dispute, a budget…) serve every cell, and a cell that changes
         * one of them (opens the dispute, resolves it) leaves later cells an answer past the access check (409).
         */
        Map<String, Function<String, Call>> requests() {
            if (requests == null) {
                requests = buildRequests();
            }
            return requests;
        }

        private Map<String, Function<String, Call>> buildRequests() {
            Map<String, Function<String, Call>> r = new LinkedHashMap<>();
            r.put("GET /v1/organization", p -> call("/v1/organization"));
            r.put("PATCH /v1/organization", p -> new Call("/v1/organization", "{\"time_zone\":\"UTC\"}"));
            r.put("GET /v1/members", p -> call("/v1/members"));
            r.put("GET /v1/members/{id}", p -> call("/v1/members/" + memberId));
            r.put("PATCH /v1/members/{id}", p -> new Call("/v1/members/" + join("patched", "VIEWER").memberId(),
                    "{\"role\":\"ANALYST\"}"));
            r.put("DELETE /v1/members/{id}", p -> call("/v1/members/" + join("removed", "VIEWER").memberId()));
            r.put("GET /v1/invitations", p -> call("/v1/invitations"));
            r.put("POST /v1/invitations", p -> new Call("/v1/invitations", "{\"email\":\"inv-"
                    + UUID.randomUUID() + "@example.com\",\"role\":\"VIEWER\"}"));
            r.put("GET /v1/invitations/{id}", p -> call("/v1/invitations/" + invitationId));
            r.put("DELETE /v1/invitations/{id}", p -> call("/v1/invitations/" + newInvitation()));
            r.put("GET /v1/audit-events", p -> call("/v1/audit-events"));
            r.put("GET /v1/audit-events/{id}", p -> call("/v1/audit-events/" + auditEventId));
            r.put("POST /v1/audit-chain/verify", p -> call("/v1/audit-chain/verify"));
            r.put("GET /v1/audit-checkpoints", p -> call("/v1/audit-checkpoints"));
            String teamId = PrefixedId.format("team", agent.team());
            String projectId = PrefixedId.format("prj", projectOfAgent);
            String budgetId = PrefixedId.format("bud", newBudgetInTeam());
            r.put("GET /v1/budgets", p -> call("/v1/budgets"));
            r.put("POST /v1/budgets", p -> new Call("/v1/budgets", "{\"name\":\"Fresh\",\"scope_type\":\"project\","
                    + "\"scope_id\":\"" + PrefixedId.format("prj", newProjectInTeam()) + "\",\"period\":\"daily\","
                    + "\"limit_usd\":\"5\"}"));
            r.put("GET /v1/budgets/{id}", p -> call("/v1/budgets/" + budgetId));
            r.put("PATCH /v1/budgets/{id}", p -> new Call("/v1/budgets/" + PrefixedId.format("bud", newBudgetInTeam()),
                    "{\"limit_usd\":\"6\"}", null, "\"v0\""));
            r.put("DELETE /v1/budgets/{id}", p -> call("/v1/budgets/" + PrefixedId.format("bud", newBudgetInTeam())));
            String reservationId = newReservation();
            String reserve = "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"0.01\"}";
            r.put("POST /v1/reservations", p -> new Call("/v1/reservations", reserve));
            r.put("GET /v1/reservations", p -> call("/v1/reservations"));
            r.put("GET /v1/reservations/{id}", p -> call("/v1/reservations/" + reservationId));
            r.put("POST /v1/reservations/{id}/commit", p -> new Call("/v1/reservations/" + newReservation() + "/commit",
                    "{\"actual_cost_usd\":\"0.01\"}"));
            r.put("POST /v1/reservations/{id}/release", p -> call("/v1/reservations/" + newReservation() + "/release"));
            r.put("POST /v1/reservations/{id}/extend", p -> new Call("/v1/reservations/" + newReservation() + "/extend",
                    "{\"ttl_seconds\":60}"));
            // The write key's agent: the first acquire grants epoch 1, later ones (same instance) keep it; heartbeat
            // and release of epoch 1 answer 200 or 409 stale-lease, both past the access check.
            r.put("POST /v1/leases", p -> new Call("/v1/leases", "{\"instance_id\":\"matrix\"}"));
            r.put("GET /v1/leases/current", p -> call("/v1/leases/current"));
            r.put("POST /v1/leases/{epoch}/heartbeat", p -> call("/v1/leases/1/heartbeat"));
            r.put("POST /v1/leases/{epoch}/release", p -> call("/v1/leases/1/release"));
            r.put("GET /v1/agents/{id}/lease-policy", p -> call("/v1/agents/" + agent.apiId() + "/lease-policy"));
            // Leases stay optional (the fixture's own reservations carry no epoch); after the first allowed write
            // "v0" is stale: 412, past the access check.
            r.put("PUT /v1/agents/{id}/lease-policy", p -> new Call("/v1/agents/" + agent.apiId() + "/lease-policy",
                    "{\"leases_required\":false,\"default_ttl_seconds\":30}", null, "\"v0\""));
            r.put("POST /v1/usage", p -> new Call("/v1/usage", "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                    + "\"cost_usd\":\"0.01\"}"));
            String usageLineId = newUsageLine();
            String adjustmentId = ownerPost("/v1/adjustments", "{\"kind\":\"refund\",\"amount_usd\":\"0.001\","
                    + "\"reason\":\"matrix\",\"usage_line_id\":\"" + usageLineId + "\"}");
            String disputeId = ownerPost("/v1/usage-lines/" + usageLineId + "/disputes", "{\"reason\":\"matrix\"}");
            r.put("POST /v1/adjustments", p -> new Call("/v1/adjustments", "{\"kind\":\"refund\",\"amount_usd\":"
                    + "\"0.001\",\"reason\":\"matrix\",\"usage_line_id\":\"" + newUsageLine() + "\"}"));
            r.put("GET /v1/adjustments", p -> call("/v1/adjustments"));
            r.put("GET /v1/adjustments/{id}", p -> call("/v1/adjustments/" + adjustmentId));
            r.put("GET /v1/usage-lines", p -> call("/v1/usage-lines"));
            r.put("GET /v1/usage-lines/{id}", p -> call("/v1/usage-lines/" + usageLineId));
            // One open dispute per line: the first allowed call opens it, later ones are 409 (past the access check).
            r.put("POST /v1/usage-lines/{id}/disputes", p -> new Call("/v1/usage-lines/" + usageLineId + "/disputes",
                    "{\"reason\":\"matrix\"}"));
            r.put("GET /v1/disputes", p -> call("/v1/disputes"));
            r.put("GET /v1/disputes/{id}", p -> call("/v1/disputes/" + disputeId));
            // The first allowed resolve resolves it, later ones are 409 dispute-not-open: both pass the access check.
            r.put("POST /v1/disputes/{id}/resolve", p -> new Call("/v1/disputes/" + disputeId + "/resolve",
                    "{\"outcome\":\"rejected\",\"resolution\":\"matrix\"}"));
            r.put("GET /v1/ledger/verifications", p -> call("/v1/ledger/verifications"));
            r.put("POST /v1/ledger/verifications", p -> call("/v1/ledger/verifications"));
            r.put("GET /v1/teams", p -> call("/v1/teams"));
            r.put("POST /v1/teams", p -> new Call("/v1/teams", "{\"name\":\"Team " + UUID.randomUUID() + "\"}"));
            r.put("GET /v1/teams/{id}", p -> call("/v1/teams/" + teamId));
            r.put("PATCH /v1/teams/{id}", p -> new Call("/v1/teams/" + PrefixedId.format("team", newTeam()),
                    "{\"name\":\"Renamed " + UUID.randomUUID() + "\"}"));
            r.put("DELETE /v1/teams/{id}", p -> call("/v1/teams/" + PrefixedId.format("team", newTeam())));
            r.put("GET /v1/teams/{id}/roles", p -> call("/v1/teams/" + teamId + "/roles"));
            // The first allowed grant creates the role, later ones are 409 (already held): both pass the access check.
            r.put("POST /v1/teams/{id}/roles", p -> new Call("/v1/teams/" + teamId + "/roles",
                    "{\"member_id\":\"" + memberId + "\",\"role\":\"APPROVER\"}"));
            r.put("DELETE /v1/teams/{id}/roles/{roleId}", p -> {
                UUID team = newTeam();
                return call("/v1/teams/" + PrefixedId.format("team", team) + "/roles/"
                        + PrefixedId.format("trl", newRole(team)));
            });
            r.put("GET /v1/projects", p -> call("/v1/projects"));
            r.put("POST /v1/projects", p -> new Call("/v1/projects", "{\"team_id\":\"" + teamId
                    + "\",\"name\":\"Project " + UUID.randomUUID() + "\"}"));
            r.put("GET /v1/projects/{id}", p -> call("/v1/projects/" + projectId));
            r.put("PATCH /v1/projects/{id}", p -> new Call("/v1/projects/" + PrefixedId.format("prj", newProjectInTeam()),
                    "{\"description\":\"patched\"}"));
            r.put("DELETE /v1/projects/{id}", p -> call("/v1/projects/" + PrefixedId.format("prj", newProjectInTeam())));
            r.put("GET /v1/agents", p -> call("/v1/agents"));
            r.put("POST /v1/agents", p -> new Call("/v1/agents", "{\"project_id\":\"" + projectId
                    + "\",\"name\":\"agent-" + UUID.randomUUID() + "\"}"));
            r.put("GET /v1/agents/{id}", p -> call("/v1/agents/" + agent.apiId()));
            r.put("PATCH /v1/agents/{id}", p -> new Call("/v1/agents/" + newAgentInTeam(), "{\"status\":\"DISABLED\"}"));
            r.put("DELETE /v1/agents/{id}", p -> call("/v1/agents/" + newAgentInTeam()));
            r.put("GET /v1/api-keys", p -> call("/v1/api-keys"));
            r.put("POST /v1/api-keys", p -> new Call("/v1/api-keys", "{\"agent_id\":\"" + agent.apiId()
                    + "\",\"name\":\"matrix\",\"scopes\":[\"read\"]}"));
            r.put("GET /v1/api-keys/{id}", p -> call("/v1/api-keys/" + keyId));
            r.put("POST /v1/api-keys/{id}/rotate", p -> new Call("/v1/api-keys/" + newKey() + "/rotate",
                    "{\"overlap_seconds\":0}"));
            r.put("POST /v1/api-keys/{id}/revoke", p -> call("/v1/api-keys/" + newKey() + "/revoke"));
            r.put("GET /v1/trusted-issuers", p -> call("/v1/trusted-issuers"));
            r.put("POST /v1/trusted-issuers", p -> {
                pruneIssuers();
                return new Call("/v1/trusted-issuers", issuerJson());
            });
            r.put("GET /v1/trusted-issuers/{id}", p -> call("/v1/trusted-issuers/" + issuerId));
            r.put("DELETE /v1/trusted-issuers/{id}", p -> call("/v1/trusted-issuers/" + newIssuer()));
            r.put("GET /v1/prices", p -> call("/v1/prices?provider=openai&limit=5"));
            r.put("POST /v1/prices/quote", p -> new Call("/v1/prices/quote", "{\"provider\":\"openai\","
                    + "\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":100}}"));
            r.put("GET /v1/price-overrides", p -> call("/v1/price-overrides"));
            r.put("POST /v1/price-overrides", p -> new Call("/v1/price-overrides", "{\"provider\":\"openai\","
                    + "\"model\":\"matrix-" + UUID.randomUUID() + "\",\"price_class\":\"input\",\"price_usd\":\"1\","
                    + "\"effective_from\":\"2026-01-01\"}"));
            r.put("GET /v1/price-overrides/{id}", p -> call("/v1/price-overrides/" + overrideId));
            r.put("DELETE /v1/price-overrides/{id}", p -> call("/v1/price-overrides/"
                    + PrefixedId.format("prc", newOverride())));
            r.put("POST /v1/price-overrides/import", p -> new Call("/v1/price-overrides/import",
                    "provider,model,price_class,price_usd,effective_from\nopenai,matrix-" + UUID.randomUUID()
                            + ",output,2,2026-01-01\n", "text/csv"));
            r.put("GET /v1/price-book/export", p -> call("/v1/price-book/export?format=csv&origin=override"));
            r.put("GET /v1/pricing-settings", p -> call("/v1/pricing-settings"));
            r.put("PUT /v1/pricing-settings", p -> new Call("/v1/pricing-settings", "{\"unknown_model_policy\":\"deny\"}"));

            // Policies: team-X rules that never match (monitor, "false"), so the fixture's reservations stay allowed.
            // Versions 1-3 hold the shared rule; a rollback cell restores it (and drops the cells' fresh rules).
            String policyRule = newPolicyRule(teamId);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> published = owner.send(owner.apiRequest("POST", "/v1/policies/draft/publish",
                        "application/json", HttpRequest.BodyPublishers.ofString("{}")).header("If-Match",
                        owner.api("GET", "/v1/policies/draft").headers().firstValue("ETag").orElseThrow()).build());
                assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
            }
            String policyRuleBody = "{\"name\":\"matrix\",\"scope_type\":\"team\",\"scope_target\":\"" + teamId
                    + "\",\"condition\":\"false\",\"effect\":\"monitor\"}";
            r.put("GET /v1/policies/draft", p -> call("/v1/policies/draft"));
            r.put("GET /v1/policies/rules", p -> call("/v1/policies/rules"));
            r.put("POST /v1/policies/rules", p -> new Call("/v1/policies/rules", policyRuleBody));
            r.put("GET /v1/policies/rules/{id}", p -> call("/v1/policies/rules/" + policyRule));
            r.put("PATCH /v1/policies/rules/{id}", p -> new Call("/v1/policies/rules/" + newPolicyRule(teamId),
                    "{\"description\":\"patched\"}", null, "\"v0\""));
            r.put("DELETE /v1/policies/rules/{id}", p -> call("/v1/policies/rules/" + newPolicyRule(teamId)));
            r.put("POST /v1/policies/draft/validate", p -> call("/v1/policies/draft/validate"));
            // "v0" is stale once the draft has rules (412, past the access check); another tenant's first publish works.
            r.put("POST /v1/policies/draft/publish", p -> new Call("/v1/policies/draft/publish", "{}", null, "\"v0\""));
            r.put("GET /v1/policies/versions", p -> call("/v1/policies/versions"));
            r.put("GET /v1/policies/versions/{number}", p -> call("/v1/policies/versions/3"));
            r.put("GET /v1/policies/versions/{number}/diff", p -> call("/v1/policies/versions/3/diff?from=1"));
            r.put("POST /v1/policies/versions/{number}/rollback", p -> new Call("/v1/policies/versions/3/rollback",
                    "{}"));
            r.put("POST /v1/policies/simulate", p -> new Call("/v1/policies/simulate", "{\"days\":1}"));
            r.put("POST /v1/policies/evaluate", p -> new Call("/v1/policies/evaluate", "{\"context\":{\"request\":"
                    + "{\"provider\":\"openai\",\"model\":\"o3\",\"estimated_nano_usd\":1},\"agent\":{\"id\":\"a\","
                    + "\"name\":\"a\"},\"project\":{\"id\":\"p\",\"name\":\"p\"},\"team\":{\"id\":\"t\",\"name\":"
                    + "\"t\"},\"time\":{\"utc\":\"2026-12-05T10:00:00Z\"}}}"));

            String consoleReservation0 = newReservation();
            r.put("GET /app/policies", p -> call("/app/policies"));
            r.put("GET /app/policies/rules/new", p -> call("/app/policies/rules/new"));
            String ruleForm = "name=matrix&scopeType=team&scopeTarget=" + teamId + "&condition=false&effect=monitor"
                    + "&onError=deny&enabled=true";
            r.put("POST /app/policies/rules", p -> new Call("/app/policies/rules", ruleForm));
            r.put("GET /app/policies/rules/{id}", p -> call("/app/policies/rules/" + policyRule));
            r.put("POST /app/policies/rules/{id}", p -> new Call("/app/policies/rules/" + newPolicyRule(teamId),
                    ruleForm + "&version=0"));
            r.put("POST /app/policies/rules/{id}/delete", p -> call("/app/policies/rules/" + newPolicyRule(teamId)
                    + "/delete"));
            r.put("POST /app/policies/check", p -> new Call("/app/policies/check", ruleForm));
            r.put("POST /app/policies/test", p -> new Call("/app/policies/test", "reservationId="
                    + consoleReservation0));
            r.put("GET /app/policies/publish", p -> call("/app/policies/publish"));
            // Draft version 0 is stale here (412 → back to the dialog); another tenant's first publish works.
            r.put("POST /app/policies/publish", p -> new Call("/app/policies/publish", "draftVersion=0&note=matrix"));
            r.put("GET /app/policies/versions/{number}", p -> call("/app/policies/versions/3"));
            r.put("POST /app/policies/versions/{number}/rollback", p -> call("/app/policies/versions/3/rollback"));

            r.put("GET /v1/sso-configuration", p -> {
                ensureSso(p);
                return call("/v1/sso-configuration");
            });
            r.put("PUT /v1/sso-configuration", p -> new Call("/v1/sso-configuration", ssoJson(ssoDomainFor(p))));
            r.put("DELETE /v1/sso-configuration", p -> {
                ensureSso(p);
                return call("/v1/sso-configuration");
            });

            r.put("GET /app", p -> call("/app"));
            r.put("GET /app/organizations", p -> call("/app/organizations"));
            // Invalid on purpose: the route's access is what is checked, without creating organisations.
            r.put("POST /app/organizations", p -> new Call("/app/organizations", "organizationName=&slug=&timeZone=UTC"));
            r.put("POST /app/organizations/switch", p -> new Call("/app/organizations/switch", "tenantId="
                    + ("other tenant".equals(p) ? otherTenant : tenant)));
            r.put("GET /app/members", p -> call("/app/members"));
            r.put("POST /app/members/invitations", p -> new Call("/app/members/invitations", "email=form-"
                    + UUID.randomUUID() + "%40example.com&role=VIEWER"));
            r.put("GET /app/members/{id}", p -> call("/app/members/" + uuidOf(memberId)));
            r.put("POST /app/members/{id}/role", p -> new Call("/app/members/"
                    + uuidOf(join("rolechange", "VIEWER").memberId()) + "/role", "role=ANALYST"));
            r.put("POST /app/members/{id}/remove", p -> call("/app/members/"
                    + uuidOf(join("formremoved", "VIEWER").memberId()) + "/remove"));
            r.put("GET /app/invitations/{id}", p -> call("/app/invitations/" + uuidOf(invitationId)));
            r.put("POST /app/invitations/{id}/revoke", p -> call("/app/invitations/" + uuidOf(newInvitation()) + "/revoke"));
            r.put("GET /app/settings/organization", p -> call("/app/settings/organization"));
            r.put("POST /app/settings/organization", p -> new Call("/app/settings/organization",
                    "name=Matrix+Org&timeZone=UTC&version=0"));
            r.put("GET /app/audit", p -> call("/app/audit"));
            r.put("POST /app/audit/verify", p -> call("/app/audit/verify"));
            r.put("GET /app/audit/export.{format}", p -> call("/app/audit/export.csv"));
            r.put("GET /app/audit/{id}", p -> call("/app/audit/" + uuidOf(auditEventId)));
            r.put("GET /app/audit/retention", p -> call("/app/audit/retention"));
            r.put("POST /app/audit/retention", p -> new Call("/app/audit/retention", "retentionDays=90&version=0"));
            r.put("GET /app/teams", p -> call("/app/teams"));
            r.put("POST /app/teams", p -> new Call("/app/teams", "name=Team+" + UUID.randomUUID()));
            r.put("POST /app/teams/{id}/edit", p -> new Call("/app/teams/" + newTeam() + "/edit",
                    "name=Edited+" + UUID.randomUUID() + "&description=edited"));
            r.put("POST /app/teams/{id}/delete", p -> call("/app/teams/" + newTeam() + "/delete"));
            r.put("POST /app/teams/{id}/roles/{roleId}/revoke", p -> {
                UUID team = newTeam();
                return call("/app/teams/" + team + "/roles/" + newRole(team) + "/revoke");
            });
            r.put("POST /app/teams/{id}/projects", p -> new Call("/app/teams/" + agent.team() + "/projects",
                    "name=Project+" + UUID.randomUUID()));
            r.put("POST /app/projects/{id}/edit", p -> new Call("/app/projects/" + newProjectInTeam() + "/edit",
                    "name=Edited+" + UUID.randomUUID()));
            r.put("POST /app/projects/{id}/delete", p -> call("/app/projects/" + newProjectInTeam() + "/delete"));
            r.put("POST /app/projects/{id}/agents", p -> new Call("/app/projects/" + projectOfAgent + "/agents",
                    "name=agent-" + UUID.randomUUID()));
            r.put("POST /app/agents/{id}/status", p -> new Call("/app/agents/" + uuidOf(newAgentInTeam()) + "/status",
                    "status=DISABLED"));
            r.put("GET /app/agents/{id}", p -> call("/app/agents/" + agent.id()));
            r.put("GET /app/agents/{id}/lease", p -> call("/app/agents/" + agent.id() + "/lease"));
            r.put("POST /app/agents/{id}/lease", p -> new Call("/app/agents/" + agent.id() + "/lease",
                    "leasesRequired=false&defaultTtlSeconds=30&version=0"));
            r.put("POST /app/agents/{id}/edit", p -> new Call("/app/agents/" + uuidOf(newAgentInTeam()) + "/edit",
                    "name=edited-" + UUID.randomUUID()));
            r.put("POST /app/agents/{id}/delete", p -> call("/app/agents/" + uuidOf(newAgentInTeam()) + "/delete"));
            r.put("GET /app/api-keys", p -> call("/app/api-keys"));
            r.put("POST /app/api-keys", p -> new Call("/app/api-keys", "agentId=" + agent.id()
                    + "&name=matrix&scopes=read"));
            r.put("POST /app/api-keys/{id}/rotate", p -> new Call("/app/api-keys/" + uuidOf(newKey()) + "/rotate",
                    "overlapHours=0"));
            r.put("POST /app/api-keys/{id}/revoke", p -> call("/app/api-keys/" + uuidOf(newKey()) + "/revoke"));
            r.put("GET /app/settings/trusted-issuers", p -> call("/app/settings/trusted-issuers"));
            r.put("POST /app/settings/trusted-issuers", p -> pruned(new Call("/app/settings/trusted-issuers",
                    "issuer=https%3A%2F%2Fidp.example%2F" + UUID.randomUUID() + "&audience=tollgate&jwksUri="
                            + "https%3A%2F%2Fidp.example%2Fjwks&principalType=AGENT")));
            r.put("POST /app/settings/trusted-issuers/{id}/remove", p -> call("/app/settings/trusted-issuers/"
                    + uuidOf(newIssuer()) + "/remove"));
            r.put("GET /app/settings/sso", p -> {
                ensureSso(p);
                return call("/app/settings/sso");
            });
            // Disabled (the "_enabled" marker unchecks the box), so no IdP discovery is attempted.
            r.put("POST /app/settings/sso", p -> new Call("/app/settings/sso", "issuer=https%3A%2F%2Fidp.example"
                    + "%2Fmatrix&clientId=matrix&clientSecret=matrix-form-secret&allowedDomains=" + ssoDomainFor(p)
                    + "&groupsClaim=groups&roleMappings=&defaultRole=VIEWER&_enabled=on&_jitEnabled=on"
                    + "&_ssoRequired=on"));
            r.put("POST /app/settings/sso/remove", p -> {
                ensureSso(p);
                return call("/app/settings/sso/remove");
            });
            r.put("GET /app/pricing", p -> call("/app/pricing?provider=openai"));
            r.put("POST /app/pricing/overrides", p -> new Call("/app/pricing/overrides", "provider=openai&model=matrix-"
                    + UUID.randomUUID() + "&priceClass=input&priceUsd=1&effectiveFrom=2026-01-01"));
            r.put("POST /app/pricing/overrides/{id}/delete", p -> call("/app/pricing/overrides/" + newOverride()
                    + "/delete"));
            r.put("POST /app/pricing/settings", p -> new Call("/app/pricing/settings", "policy=DENY"));
            r.put("POST /app/pricing/import", p -> new Call("/app/pricing/import", "format=csv&document="
                    + ConsoleClient.urlEncode("provider,model,price_class,price_usd,effective_from\nopenai,matrix-"
                    + UUID.randomUUID() + ",output,2,2026-01-01\n")));
            r.put("GET /app/pricing/export.{format}", p -> call("/app/pricing/export.csv?origin=override"));
            r.put("GET /app/ledger", p -> call("/app/ledger"));
            r.put("GET /app/ledger/lines/{id}", p -> call("/app/ledger/lines/" + usageLineId));
            r.put("POST /app/ledger/lines/{id}/disputes", p -> new Call("/app/ledger/lines/" + usageLineId
                    + "/disputes", "reason=matrix"));
            r.put("POST /app/ledger/lines/{id}/adjustments", p -> new Call("/app/ledger/lines/" + newUsageLine()
                    + "/adjustments", "kind=refund&amount=0.001&reason=matrix"));
            String consoleDisputeId = ownerPost("/v1/usage-lines/" + newUsageLine() + "/disputes",
                    "{\"reason\":\"matrix\"}");
            r.put("POST /app/ledger/disputes/{id}/resolve", p -> new Call("/app/ledger/disputes/" + consoleDisputeId
                    + "/resolve", "outcome=rejected&resolution=matrix"));
            r.put("POST /app/ledger/credits", p -> new Call("/app/ledger/credits", "budget=" + budgetId
                    + "&amount=0.001&reason=matrix"));
            r.put("POST /app/ledger/verifications", p -> call("/app/ledger/verifications"));
            UUID consoleBudget = newBudgetInTeam();
            r.put("GET /app/budgets", p -> call("/app/budgets"));
            r.put("GET /app/budgets/new", p -> call("/app/budgets/new"));
            r.put("POST /app/budgets", p -> new Call("/app/budgets", "name=Fresh&scope=project%3A" + newProjectInTeam()
                    + "&period=daily&limitUsd=5&hard=true&softThresholds=&perRequestMaxUsd="));
            r.put("GET /app/budgets/{id}", p -> call("/app/budgets/" + consoleBudget));
            r.put("GET /app/budgets/{id}/edit", p -> call("/app/budgets/" + consoleBudget + "/edit"));
            r.put("POST /app/budgets/{id}/edit", p -> new Call("/app/budgets/" + newBudgetInTeam() + "/edit",
                    "name=Fresh&limitUsd=6&hard=true&version=0&softThresholds=&perRequestMaxUsd="));
            r.put("GET /app/budgets/{id}/delete", p -> call("/app/budgets/" + consoleBudget + "/delete"));
            r.put("POST /app/budgets/{id}/delete", p -> new Call("/app/budgets/" + newBudgetInTeam() + "/delete",
                    "confirm=yes"));
            String consoleReservation = PrefixedId.parse("rsv", newReservation(), "reservation").toString();
            r.put("GET /app/reservations", p -> call("/app/reservations?state=active"));
            r.put("GET /app/reservations/{id}", p -> call("/app/reservations/" + consoleReservation));
            r.put("POST /app/account/sign-out-everywhere", p -> call("/app/account/sign-out-everywhere"));
            return r;
        }

        Outcome call(String endpoint, String principal) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            Call call = requests().get(endpoint).apply(principal);
            boolean api = call.path().startsWith("/v1/");
            HttpResponse<String> response;
            if (keys.containsKey(principal)) {
                response = send(bearerHttp, request(method, call, api, null).header("Authorization",
                        "Bearer " + keys.get(principal)).build());
            } else if (sessions.containsKey(principal)) {
                ConsoleClient client = sessions.get(principal);
                response = client.send(request(method, call, api, client.consoleCsrfToken()).build());
                if (endpoint.endsWith("/sign-out-everywhere")) {
                    String[] credentials = passwords.get(principal);
                    client.signIn(credentials[0], credentials[1]);
                }
            } else {
                ConsoleClient anonymous = new ConsoleClient(port);
                String csrf = ConsoleClient.csrfFrom(anonymous.get("/login").body());
                response = anonymous.send(request(method, call, api, csrf).build());
            }
            return new Outcome(label(response, api), response.statusCode() + " " + response.uri().getPath() + " "
                    + abbreviate(response.body()));
        }

        private HttpRequest.Builder request(String method, Call call, boolean api, String csrf) {
            HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(call.body());
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + call.path()));
            if (api) {
                builder.header("Accept", "application/json");
                if (call.body() != null) {
                    builder.header("Content-Type", call.contentType() == null ? "application/json" : call.contentType());
                }
                if (csrf != null) {
                    builder.header("X-CSRF-TOKEN", csrf);
                }
                if (call.ifMatch() != null) {
                    builder.header("If-Match", call.ifMatch());
                }
                return builder.method(method, body);
            }
            if ("GET".equals(method)) {
                return builder.GET();
            }
            String form = (call.body() == null ? "" : call.body() + "&") + "_csrf=" + ConsoleClient.urlEncode(
                    csrf == null ? "" : csrf);
            return builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form));
        }

        private static String label(HttpResponse<String> response, boolean api) {
            int status = response.statusCode();
            // Signing out everywhere lands on the sign-in page by design; that is the action succeeding.
            if (!api && response.uri().getPath().equals("/login")
                    && !"signedOutEverywhere".equals(response.uri().getQuery())) {
                return "login";
            }
            return switch (status) {
                case 401, 403, 404 -> String.valueOf(status);
                default -> status < 500 ? "allow" : "error " + status;
            };
        }

        private record Joined(ConsoleClient client, String memberId, String email) {
        }

        private Joined join(String name, String role) {
            String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + slug + "@example.com";
            String created = owner.api("POST", "/v1/invitations", "application/json",
                    "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}").body();
            String path = URI.create(created.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
            ConsoleClient client = new ConsoleClient(port);
            client.submitForm(path, path, Map.of("displayName", name, "password", TestAccounts.STRONG_PASSWORD));
            String memberId = queryOne("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id "
                    + "WHERE m.tenant_id = ? AND u.email = ?", tenant, email);
            return new Joined(client, PrefixedId.format("mem", UUID.fromString(memberId)), email);
        }

        private void grantTeamAdmin(String email, UUID team) {
            String user = queryOne("SELECT id FROM users WHERE email = ?", email);
            bearer.sql("INSERT INTO team_roles (tenant_id, id, team_id, user_id, role) VALUES (?, ?, ?, ?, 'TEAM_ADMIN')",
                    tenant, UUID.randomUUID(), team, UUID.fromString(user));
        }

        /** A fresh agent in the fixture agent's project (team X), so disabling it disturbs nothing else. */
        private String newAgentInTeam() {
            UUID id = UUID.randomUUID();
            bearer.sql("INSERT INTO agents (tenant_id, id, project_id, name) VALUES (?, ?, ?, ?)", tenant, id,
                    projectOfAgent, "fresh-" + id);
            return PrefixedId.format("agt", id);
        }

        /** A fresh, empty team, so renaming or deleting it disturbs nothing else. */
        private UUID newTeam() {
            UUID id = UUID.randomUUID();
            bearer.sql("INSERT INTO teams (tenant_id, id, name) VALUES (?, ?, ?)", tenant, id, "Fresh " + id);
            return id;
        }

        /** An active reservation of the fixture agent, made with its write key ({@code rsv_…}). */
        private String newReservation() {
            HttpResponse<String> created = bearer.call(keys.get("write key"), "POST", "/v1/reservations",
                    "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"0.01\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return BearerFixtures.json(created).get("id").asString();
        }

        /** A usage line of the fixture agent: a reservation committed at 0.01 USD ({@code use_…}). */
        private String newUsageLine() {
            String reservation = newReservation();
            HttpResponse<String> committed = bearer.call(keys.get("write key"), "POST",
                    "/v1/reservations/" + reservation + "/commit", "{\"actual_cost_usd\":\"0.01\"}");
            assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
            return PrefixedId.format("use", UUID.fromString(queryOne(
                    "SELECT id FROM usage_lines WHERE reservation_id = ?",
                    PrefixedId.parse("rsv", reservation, "reservation"))));
        }

        /** POSTs as the owner and answers the created resource's id. */
        private String ownerPost(String path, String body) {
            HttpResponse<String> created = owner.api("POST", path, "application/json", body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return BearerFixtures.json(created).get("id").asString();
        }

        /** A fresh daily budget on a fresh project in team X. */
        private UUID newBudgetInTeam() {
            UUID id = UUID.randomUUID();
            bearer.sql("INSERT INTO budgets (tenant_id, id, name, scope_type, scope_id, team_id, period, limit_nanos,"
                    + " hard) VALUES (?, ?, 'Fresh', 'PROJECT', ?, ?, 'DAILY', 1000000000, true)", tenant, id,
                    newProjectInTeam(), agent.team());
            return id;
        }

        /** A fresh, empty project in the fixture agent's team (team X). */
        private UUID newProjectInTeam() {
            UUID id = UUID.randomUUID();
            bearer.sql("INSERT INTO projects (tenant_id, id, team_id, name) VALUES (?, ?, ?, ?)", tenant, id,
                    agent.team(), "Fresh " + id);
            return id;
        }

        /** A fresh APPROVER role of the target member on the team. */
        private UUID newRole(UUID team) {
            UUID id = UUID.randomUUID();
            String user = queryOne("SELECT user_id FROM memberships WHERE id = ?", UUID.fromString(uuidOf(memberId)));
            bearer.sql("INSERT INTO team_roles (tenant_id, id, team_id, user_id, role) VALUES (?, ?, ?, ?, 'APPROVER')",
                    tenant, id, team, UUID.fromString(user));
            return id;
        }

        /** A fresh draft rule scoped to team X (never matches), so changing or deleting it disturbs nothing else. */
        private String newPolicyRule(String teamId) {
            return ownerPost("/v1/policies/rules", "{\"name\":\"fresh\",\"scope_type\":\"team\",\"scope_target\":\""
                    + teamId + "\",\"condition\":\"false\",\"effect\":\"monitor\"}");
        }

        /** A fresh price override of the tenant, so deleting it disturbs nothing else. */
        private UUID newOverride() {
            UUID id = UUID.randomUUID();
            bearer.sql("INSERT INTO price_overrides (tenant_id, id, provider, model, price_class, usd, effective_from,"
                    + " created_by) VALUES (?, ?, 'openai', ?, 'input', 1, DATE '2026-01-01', 'matrix')", tenant, id,
                    "fresh-" + id);
            return id;
        }

        private String newInvitation() {
            return BearerFixtures.json(owner.api("POST", "/v1/invitations", "application/json", "{\"email\":\"fresh-"
                    + UUID.randomUUID() + "@example.com\",\"role\":\"VIEWER\"}")).get("id").asString();
        }

        /** The SSO domain of the tenant the principal acts in (the other tenant's owner acts in their own). */
        private String ssoDomainFor(String principal) {
            return ("other tenant".equals(principal) ? "matrix-other-" : "matrix-") + slug + ".test";
        }

        /** The principal's tenant has an SSO configuration (disabled, so no IdP is needed) to read or remove. */
        private void ensureSso(String principal) {
            ConsoleClient admin = "other tenant".equals(principal) ? sessions.get("other tenant") : owner;
            var saved = admin.api("PUT", "/v1/sso-configuration", "application/json", ssoJson(ssoDomainFor(principal)));
            assertThat(saved.statusCode()).as(saved.body()).isIn(200, 201);
        }

        private static String ssoJson(String domain) {
            return "{\"issuer\":\"https://idp.example/matrix\",\"client_id\":\"matrix\","
                    + "\"client_secret\":\"matrix-api-secret\",\"allowed_domains\":[\"" + domain + "\"],"
                    + "\"enabled\":false}";
        }

        private String newKey() {
            return BearerFixtures.issueKey(owner, agent, "[\"read\"]", "").get("key").get("id").asString();
        }

        private String newIssuer() {
            pruneIssuers();
            var created = owner.api("POST", "/v1/trusted-issuers", "application/json", issuerJson());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return BearerFixtures.json(created).get("id").asString();
        }

        /** Allowed POSTs keep adding issuers; stay under the per-tenant limit by dropping all but the shared one. */
        private void pruneIssuers() {
            UUID keep = issuerId == null ? new UUID(0, 0) : PrefixedId.parse("iss", issuerId, "issuer");
            bearer.sql("DELETE FROM trusted_issuer_routes r USING trusted_issuers i WHERE i.tenant_id = ? AND i.id <> ? "
                    + "AND r.issuer = i.issuer AND r.audience = i.audience", tenant, keep);
            bearer.sql("DELETE FROM trusted_issuers WHERE tenant_id = ? AND id <> ?", tenant, keep);
        }

        private static String issuerJson() {
            return "{\"issuer\":\"https://idp.example/" + UUID.randomUUID() + "\",\"audience\":\"tollgate\","
                    + "\"jwks_uri\":\"https://idp.example/jwks\",\"principal_type\":\"AGENT\"}";
        }

        private Call pruned(Call call) {
            pruneIssuers();
            return call;
        }

        private static Call call(String path) {
            return new Call(path, null);
        }

        private static String uuidOf(String prefixedId) {
            String hex = prefixedId.substring(prefixedId.indexOf('_') + 1);
            return hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5");
        }

        private String queryOne(String sql, Object... args) {
            try (Connection connection = databases.asSuperuser();
                 PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).as(sql).isTrue();
                    return rs.getString(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                io.tollgate.support.ApiContract.check(request, response);
                return response;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String abbreviate(String body) {
            String flat = body.replaceAll("\\s+", " ");
            return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
        }
    }
}
