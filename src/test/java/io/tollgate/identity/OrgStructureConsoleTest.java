package io.tollgate.identity;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * The Teams page and the agent page: build team → project → agent with forms, rename and delete, revoke team roles,
 * see refusals as messages, disable and delete an agent.
 */
@TollgateTest
class OrgStructureConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void an_owner_builds_the_structure_from_the_teams_page() {
        ConsoleClient owner = TestAccounts.fresh("OrgPage").signUp(port);
        assertThat(owner.get("/app/teams").body()).contains("No teams yet.");

        HttpResponse<String> team = owner.submitForm("/app/teams", "/app/teams", Map.of("name", "Payments"));
        assertThat(team.body()).contains("Team “Payments” created.");
        HttpResponse<String> duplicate = owner.submitForm("/app/teams", "/app/teams", Map.of("name", "payments"));
        assertThat(duplicate.body()).contains("A team with this name exists already.");

        String teamId = id(team.body(), "/app/teams/([0-9a-f-]{36})/projects");
        HttpResponse<String> project = owner.submitForm("/app/teams", "/app/teams/" + teamId + "/projects",
                Map.of("name", "Checkout"));
        assertThat(project.body()).contains("Project “Checkout” created.");
        String projectId = id(project.body(), "/app/projects/([0-9a-f-]{36})/agents");
        HttpResponse<String> agent = owner.submitForm("/app/teams", "/app/projects/" + projectId + "/agents",
                Map.of("name", "checkout-bot"));
        assertThat(agent.body()).contains("Agent “checkout-bot” created.");

        String agentId = id(agent.body(), "/app/agents/([0-9a-f-]{36})/status");
        HttpResponse<String> disabled = owner.submitForm("/app/teams", "/app/agents/" + agentId + "/status",
                Map.of("status", "DISABLED"));
        assertThat(disabled.body()).contains("is disabled").contains(">Enable<");
    }

    @Test
    void an_owner_renames_and_deletes_from_the_teams_page_and_sees_conflicts_as_messages() {
        ConsoleClient owner = TestAccounts.fresh("OrgEdit").signUp(port);
        owner.submitForm("/app/teams", "/app/teams", Map.of("name", "Search"));
        HttpResponse<String> team = owner.submitForm("/app/teams", "/app/teams", Map.of("name", "Payments"));
        String teamId = id(team.body(), "/app/teams/([0-9a-f-]{36})/projects", 2);
        String projectId = id(owner.submitForm("/app/teams", "/app/teams/" + teamId + "/projects",
                Map.of("name", "Checkout")).body(), "/app/projects/([0-9a-f-]{36})/agents", 1);

        HttpResponse<String> renamed = owner.submitForm("/app/teams", "/app/teams/" + teamId + "/edit",
                Map.of("name", "Billing", "description", "Invoices and refunds"));
        HttpResponse<String> clash = owner.submitForm("/app/teams", "/app/teams/" + teamId + "/edit",
                Map.of("name", "search"));
        HttpResponse<String> refused = owner.submitForm("/app/teams", "/app/teams/" + teamId + "/delete", Map.of());

        assertThat(renamed.body()).contains("Team “Billing” saved.").contains("Invoices and refunds")
                .doesNotContain(">Payments<");
        assertThat(clash.body()).contains("A team with this name exists already.");
        assertThat(refused.body()).contains("still has project: “Checkout”. Delete them first.");
        assertThat(refused.body()).contains("data-confirm=\"Delete the team Billing?");

        HttpResponse<String> projectRenamed = owner.submitForm("/app/teams", "/app/projects/" + projectId + "/edit",
                Map.of("name", "Invoicing"));
        assertThat(projectRenamed.body()).contains("Project “Invoicing” saved.");
        assertThat(owner.submitForm("/app/teams", "/app/projects/" + projectId + "/delete", Map.of()).body())
                .contains("Project “Invoicing” deleted.");
        HttpResponse<String> deleted = owner.submitForm("/app/teams", "/app/teams/" + teamId + "/delete", Map.of());
        assertThat(deleted.body()).contains("Team “Billing” deleted.").doesNotContain("/app/teams/" + teamId + "/");
    }

    @Test
    void the_agent_page_shows_the_agent_and_its_keys_and_deleting_it_revokes_them() {
        TestAccounts account = TestAccounts.fresh("OrgAgent");
        ConsoleClient owner = account.signUp(port);
        BearerFixtures bearer = new BearerFixtures(port, Databases.of(environment));
        BearerFixtures.Agent agent = bearer.agentIn(BearerFixtures.tenantOf(owner));
        String agentPage = "/app/agents/" + agent.id();
        assertThat(owner.get(agentPage).body()).contains("This agent has no API keys.");
        String secret = BearerFixtures.issueKey(owner, agent, "[\"read\"]", "").get("secret").asString();

        HttpResponse<String> page = owner.get(agentPage);
        HttpResponse<String> renamed = owner.submitForm(agentPage, agentPage + "/edit",
                Map.of("name", "renamed-bot", "description", "Books payments"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("agent-" + agent.id().toString().substring(0, 8))
                .contains("Team " + agent.id().toString().substring(0, 8))
                .contains("Project " + agent.id().toString().substring(0, 8))
                .contains("data-testid=\"agent-keys\"").contains("deploy bot")
                .contains("/app/api-keys?agent=" + agent.id())
                .contains("data-confirm=\"Delete agent-");
        assertThat(renamed.body()).contains("Agent “renamed-bot” saved.").contains("Books payments");
        assertThat(bearer.call(secret, "GET", "/v1/teams").statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = owner.submitForm(agentPage, agentPage + "/delete", Map.of());

        assertThat(deleted.body()).contains("Agent “renamed-bot” deleted; its API keys are revoked.")
                .doesNotContain(agentPage);
        assertThat(owner.get(agentPage).statusCode()).isEqualTo(404);
        assertThat(bearer.call(secret, "GET", "/v1/teams").statusCode()).isEqualTo(401);
    }

    @Test
    void the_agent_page_is_not_found_for_another_tenant_and_shows_no_keys_to_a_viewer() {
        ConsoleClient owner = TestAccounts.fresh("OrgAgentOwner").signUp(port);
        BearerFixtures bearer = new BearerFixtures(port, Databases.of(environment));
        BearerFixtures.Agent agent = bearer.agentIn(BearerFixtures.tenantOf(owner));
        BearerFixtures.issueKey(owner, agent, "[\"read\"]", "");
        ConsoleClient stranger = TestAccounts.fresh("OrgAgentStranger").signUp(port);
        ConsoleClient viewer = join(owner, "viewer").client();

        HttpResponse<String> foreign = stranger.get("/app/agents/" + agent.id());
        HttpResponse<String> viewed = viewer.get("/app/agents/" + agent.id());

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("agent-" + agent.id().toString().substring(0, 8));
        assertThat(viewed.statusCode()).isEqualTo(200);
        assertThat(viewed.body()).contains("API keys are shown to owners").doesNotContain("deploy bot")
                .doesNotContain("/delete");
    }

    @Test
    void an_owner_revokes_a_team_role_on_the_teams_page() {
        ConsoleClient owner = TestAccounts.fresh("OrgRoles").signUp(port);
        String team = BearerFixtures.json(owner.api("POST", "/v1/teams", "application/json",
                "{\"name\":\"Payments\"}")).get("id").asString();
        Joined lead = join(owner, "lead");
        String role = BearerFixtures.json(owner.api("POST", "/v1/teams/" + team + "/roles", "application/json",
                "{\"member_id\":\"" + lead.memberId() + "\",\"role\":\"TEAM_ADMIN\"}")).get("id").asString();
        String teams = owner.get("/app/teams").body();
        assertThat(teams).contains(lead.email()).contains("Team admin");
        String revoke = id(teams, "(/app/teams/[0-9a-f-]{36}/roles/[0-9a-f-]{36}/revoke)", 1);
        assertThat(lead.client().get("/app/teams").body()).contains("Add project");

        HttpResponse<String> revoked = owner.submitForm("/app/teams", revoke, Map.of());

        assertThat(revoked.body()).contains("Team role revoked.").doesNotContain(lead.email());
        assertThat(lead.client().get("/app/teams").body()).doesNotContain("Add project");
        assertProblem(owner.api("DELETE", "/v1/teams/" + team + "/roles/" + role), 404, "not-found");
    }

    private record Joined(ConsoleClient client, String memberId, String email) {
    }

    private Joined join(ConsoleClient owner, String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String created = owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"" + email + "\",\"role\":\"VIEWER\"}").body();
        String path = URI.create(created.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
        ConsoleClient client = new ConsoleClient(port);
        client.submitForm(path, path, Map.of("displayName", name, "password", TestAccounts.STRONG_PASSWORD));
        String members = owner.api("GET", "/v1/members?limit=200").body();
        String memberId = members.replaceAll(".*\"id\":\"(mem_[0-9a-f]{32})\",\"email\":\""
                + Pattern.quote(email) + "\".*", "$1");
        assertThat(memberId).startsWith("mem_");
        return new Joined(client, memberId, email);
    }

    private static String id(String html, String pattern, int occurrence) {
        Matcher matcher = Pattern.compile(pattern).matcher(html);
        for (int i = 0; i < occurrence; i++) {
            assertThat(matcher.find()).as(pattern + " #" + (i + 1)).isTrue();
        }
        return matcher.group(1);
    }

    private static String id(String html, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(html);
        assertThat(matcher.find()).as(pattern).isTrue();
        return matcher.group(1);
    }
}
