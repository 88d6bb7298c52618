package io.tollgate.identity;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.identity.BearerFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/** Teams → projects → agents through the API: create, edit, delete, team roles; team admins confined to their team. */
@TollgateTest
class OrgStructureApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    TestAccounts account;
    ConsoleClient owner;

    @BeforeEach
    void setUp() {
        account = TestAccounts.fresh("Org");
        owner = account.signUp(port);
    }

    @Test
    void a_team_admin_builds_their_team_and_cannot_touch_another() {
        String payments = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Payments\"}"));
        String search = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Search\"}"));
        String searchProject = created(owner.api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + search + "\",\"name\":\"Ranking\"}"));
        Joined lead = join("lead");
        HttpResponse<String> granted = owner.api("POST", "/v1/teams/" + payments + "/roles", "application/json",
                "{\"member_id\":\"" + lead.memberId() + "\",\"role\":\"TEAM_ADMIN\"}");
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);

        String project = created(lead.client().api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + payments + "\",\"name\":\"Checkout\"}"));
        JsonNode agent = json(lead.client().api("POST", "/v1/agents", "application/json",
                "{\"project_id\":\"" + project + "\",\"name\":\"checkout-bot\"}"));
        assertThat(agent.get("team_id").asString()).isEqualTo(payments);
        assertThat(agent.get("status").asString()).isEqualTo("ACTIVE");

        assertProblem(lead.client().api("POST", "/v1/agents", "application/json",
                "{\"project_id\":\"" + searchProject + "\",\"name\":\"intruder\"}"), 404, "not-found");
        assertProblem(lead.client().api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + search + "\",\"name\":\"Intrusion\"}"), 404, "not-found");
        assertProblem(lead.client().api("POST", "/v1/teams", "application/json", "{\"name\":\"Mine\"}"), 403,
                "forbidden");
        assertThat(json(lead.client().api("GET", "/v1/projects?team_id=" + search)).get("data").toString())
                .contains("Ranking");

        HttpResponse<String> disabled = lead.client().api("PATCH", "/v1/agents/" + agent.get("id").asString(),
                "application/json", "{\"status\":\"DISABLED\"}");
        assertThat(json(disabled).get("status").asString()).isEqualTo("DISABLED");
        assertThat(owner.api("GET", "/v1/audit-events?action=agent.").body())
                .contains("agent.created", "agent.status_changed");
    }

    @Test
    void names_are_unique_input_is_validated_and_lists_page() {
        assertThat(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Ops\"}").statusCode()).isEqualTo(201);
        assertProblem(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"ops\"}"), 409, "conflict");
        assertProblem(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"\"}"), 422, "validation-failed");
        assertProblem(owner.api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"team_" + "0".repeat(32) + "\",\"name\":\"X\"}"), 404, "not-found");
        for (int i = 0; i < 3; i++) {
            owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Team " + i + "\"}");
        }

        JsonNode first = json(owner.api("GET", "/v1/teams?limit=2"));
        JsonNode second = json(owner.api("GET", "/v1/teams?limit=2&cursor=" + first.get("next_cursor").asString()));

        assertThat(first.get("data").size()).isEqualTo(2);
        assertThat(second.get("data").size()).isEqualTo(2);
        assertThat(second.get("next_cursor").isNull()).isTrue();
        assertThat(second.get("data").get(0).get("id").asString())
                .isNotEqualTo(first.get("data").get(1).get("id").asString());
    }

    @Test
    void another_tenants_structure_is_not_found() {
        String team = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Hidden\"}"));
        ConsoleClient stranger = TestAccounts.fresh("OrgOther").signUp(port);

        assertProblem(stranger.api("GET", "/v1/teams/" + team), 404, "not-found");
        assertProblem(stranger.api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + team + "\",\"name\":\"X\"}"), 404, "not-found");
        assertThat(stranger.api("GET", "/v1/teams").body()).doesNotContain("Hidden");
    }

    @Test
    void teams_projects_and_agents_are_renamed_and_the_new_names_are_visible() {
        String team = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Payments\"}"));
        String project = created(owner.api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + team + "\",\"name\":\"Checkout\"}"));
        String agent = created(owner.api("POST", "/v1/agents", "application/json",
                "{\"project_id\":\"" + project + "\",\"name\":\"checkout-bot\"}"));

        JsonNode renamed = json(owner.api("PATCH", "/v1/teams/" + team, "application/json",
                "{\"name\":\"Billing\",\"description\":\"Invoices and refunds\"}"));
        JsonNode project2 = json(owner.api("PATCH", "/v1/projects/" + project, "application/json",
                "{\"name\":\"Invoicing\"}"));
        JsonNode agent2 = json(owner.api("PATCH", "/v1/agents/" + agent, "application/json",
                "{\"name\":\"invoice-bot\",\"status\":\"DISABLED\"}"));

        assertThat(renamed.get("name").asString()).isEqualTo("Billing");
        assertThat(renamed.get("description").asString()).isEqualTo("Invoices and refunds");
        assertThat(json(owner.api("GET", "/v1/teams/" + team)).get("name").asString()).isEqualTo("Billing");
        assertThat(owner.api("GET", "/v1/teams").body()).contains("Billing").doesNotContain("Payments");
        assertThat(project2.get("name").asString()).isEqualTo("Invoicing");
        assertThat(project2.get("description").asString()).isEmpty();
        assertThat(json(owner.api("GET", "/v1/projects/" + project)).get("name").asString()).isEqualTo("Invoicing");
        assertThat(agent2.get("name").asString()).isEqualTo("invoice-bot");
        assertThat(agent2.get("status").asString()).isEqualTo("DISABLED");
        assertThat(json(owner.api("GET", "/v1/agents/" + agent)).get("name").asString()).isEqualTo("invoice-bot");
        String audit = owner.api("GET", "/v1/audit-events?limit=200").body();
        assertThat(audit).contains("team.updated", "project.updated", "agent.updated", "agent.status_changed");
        assertProblem(owner.api("PATCH", "/v1/teams/" + team, "application/json", "{}"), 422, "validation-failed");
        assertProblem(owner.api("PATCH", "/v1/agents/" + agent, "application/json", "{\"name\":\"  \"}"), 422,
                "validation-failed");
    }

    @Test
    void a_rename_to_a_taken_name_is_a_conflict() {
        String ops = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Ops\"}"));
        created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Search\"}"));
        String project = created(owner.api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + ops + "\",\"name\":\"Deploys\"}"));
        created(owner.api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + ops + "\",\"name\":\"Alerts\"}"));
        String agent = created(owner.api("POST", "/v1/agents", "application/json",
                "{\"project_id\":\"" + project + "\",\"name\":\"deployer\"}"));
        created(owner.api("POST", "/v1/agents", "application/json",
                "{\"project_id\":\"" + project + "\",\"name\":\"pager\"}"));

        assertProblem(owner.api("PATCH", "/v1/teams/" + ops, "application/json", "{\"name\":\"search\"}"), 409,
                "conflict");
        assertProblem(owner.api("PATCH", "/v1/projects/" + project, "application/json", "{\"name\":\"ALERTS\"}"),
                409, "conflict");
        assertProblem(owner.api("PATCH", "/v1/agents/" + agent, "application/json", "{\"name\":\"Pager\"}"), 409,
                "conflict");
        assertThat(json(owner.api("GET", "/v1/teams/" + ops)).get("name").asString()).isEqualTo("Ops");
        // The same name in another case is the team's own: a rename, not a conflict.
        assertThat(json(owner.api("PATCH", "/v1/teams/" + ops, "application/json", "{\"name\":\"OPS\"}"))
                .get("name").asString()).isEqualTo("OPS");
    }

    @Test
    void a_team_admin_edits_and_deletes_in_their_team_only() {
        String payments = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Payments\"}"));
        String search = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Search\"}"));
        String ranking = created(owner.api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + search + "\",\"name\":\"Ranking\"}"));
        String ranker = created(owner.api("POST", "/v1/agents", "application/json",
                "{\"project_id\":\"" + ranking + "\",\"name\":\"ranker\"}"));
        Joined lead = join("lead");
        grant(payments, lead, "TEAM_ADMIN");
        String checkout = created(lead.client().api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + payments + "\",\"name\":\"Checkout\"}"));

        assertProblem(lead.client().api("PATCH", "/v1/projects/" + ranking, "application/json",
                "{\"name\":\"Mine\"}"), 404, "not-found");
        assertProblem(lead.client().api("DELETE", "/v1/projects/" + ranking), 404, "not-found");
        assertProblem(lead.client().api("PATCH", "/v1/agents/" + ranker, "application/json",
                "{\"name\":\"mine\"}"), 404, "not-found");
        assertProblem(lead.client().api("DELETE", "/v1/agents/" + ranker), 404, "not-found");
        assertProblem(lead.client().api("PATCH", "/v1/teams/" + payments, "application/json",
                "{\"name\":\"Mine\"}"), 403, "forbidden");
        assertProblem(lead.client().api("DELETE", "/v1/teams/" + payments), 403, "forbidden");
        assertThat(json(owner.api("GET", "/v1/projects/" + ranking)).get("name").asString()).isEqualTo("Ranking");
        assertThat(json(owner.api("GET", "/v1/agents/" + ranker)).get("name").asString()).isEqualTo("ranker");

        assertThat(json(lead.client().api("PATCH", "/v1/projects/" + checkout, "application/json",
                "{\"name\":\"Checkout v2\"}")).get("name").asString()).isEqualTo("Checkout v2");
        assertThat(lead.client().api("DELETE", "/v1/projects/" + checkout).statusCode()).isEqualTo(204);
        assertProblem(owner.api("GET", "/v1/projects/" + checkout), 404, "not-found");
    }

    @Test
    void a_team_or_project_with_something_inside_is_not_deleted() {
        String team = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Payments\"}"));
        String project = created(owner.api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + team + "\",\"name\":\"Checkout\"}"));
        String agent = created(owner.api("POST", "/v1/agents", "application/json",
                "{\"project_id\":\"" + project + "\",\"name\":\"checkout-bot\"}"));

        HttpResponse<String> teamRefused = owner.api("DELETE", "/v1/teams/" + team);
        HttpResponse<String> projectRefused = owner.api("DELETE", "/v1/projects/" + project);

        assertProblem(teamRefused, 409, "conflict");
        assertThat(json(teamRefused).get("detail").asString()).contains("still has project", "Checkout");
        assertProblem(projectRefused, 409, "conflict");
        assertThat(json(projectRefused).get("detail").asString()).contains("still has agent", "checkout-bot");
        assertThat(json(owner.api("GET", "/v1/teams/" + team)).get("name").asString()).isEqualTo("Payments");

        assertThat(owner.api("DELETE", "/v1/agents/" + agent).statusCode()).isEqualTo(204);
        assertThat(owner.api("DELETE", "/v1/projects/" + project).statusCode()).isEqualTo(204);
        assertThat(owner.api("DELETE", "/v1/teams/" + team).statusCode()).isEqualTo(204);

        assertProblem(owner.api("GET", "/v1/teams/" + team), 404, "not-found");
        assertProblem(owner.api("GET", "/v1/projects/" + project), 404, "not-found");
        assertProblem(owner.api("GET", "/v1/agents/" + agent), 404, "not-found");
        assertProblem(owner.api("DELETE", "/v1/teams/" + team), 404, "not-found");
        assertThat(owner.api("GET", "/v1/teams").body()).doesNotContain("Payments");
        assertThat(owner.api("GET", "/v1/agents").body()).doesNotContain("checkout-bot");
        // A deleted name is free again.
        created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Payments\"}"));
        assertThat(owner.api("GET", "/v1/audit-events?limit=200").body())
                .contains("agent.deleted", "project.deleted", "team.deleted");
    }

    @Test
    void deleting_an_agent_revokes_its_keys_at_once() {
        BearerFixtures bearer = new BearerFixtures(port, Databases.of(environment));
        BearerFixtures.Agent agent = bearer.agentIn(BearerFixtures.tenantOf(owner));
        JsonNode issued = BearerFixtures.issueKey(owner, agent, "[\"read\"]", "");
        String secret = issued.get("secret").asString();
        String keyId = issued.get("key").get("id").asString();
        assertThat(bearer.call(secret, "GET", "/v1/teams").statusCode()).isEqualTo(200);

        assertThat(owner.api("DELETE", "/v1/agents/" + agent.apiId()).statusCode()).isEqualTo(204);

        assertProblem(bearer.call(secret, "GET", "/v1/teams"), 401, "unauthenticated");
        assertThat(json(owner.api("GET", "/v1/api-keys/" + keyId)).get("revoked_at").isNull()).isFalse();
        assertProblem(owner.api("POST", "/v1/api-keys", "application/json", "{\"agent_id\":\"" + agent.apiId()
                + "\",\"name\":\"again\",\"scopes\":[\"read\"]}"), 404, "not-found");
        assertThat(owner.api("GET", "/v1/audit-events?limit=200").body()).contains("api_key.revoked", "agent.deleted");
    }

    @Test
    void revoking_a_team_role_takes_the_team_admins_power_away() {
        String payments = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Payments\"}"));
        Joined lead = join("lead");
        String role = grant(payments, lead, "TEAM_ADMIN");
        created(lead.client().api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + payments + "\",\"name\":\"Checkout\"}"));
        assertProblem(lead.client().api("DELETE", "/v1/teams/" + payments + "/roles/" + role), 403, "forbidden");

        assertThat(owner.api("DELETE", "/v1/teams/" + payments + "/roles/" + role).statusCode()).isEqualTo(204);

        assertProblem(lead.client().api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + payments + "\",\"name\":\"Refunds\"}"), 403, "forbidden");
        assertThat(json(owner.api("GET", "/v1/teams/" + payments + "/roles")).get("data").size()).isZero();
        assertProblem(owner.api("DELETE", "/v1/teams/" + payments + "/roles/" + role), 404, "not-found");
        assertThat(owner.api("GET", "/v1/audit-events?action=team_role.").body()).contains("team_role.revoked");
    }

    @Test
    void deleting_a_team_takes_its_roles_away() {
        String payments = created(owner.api("POST", "/v1/teams", "application/json", "{\"name\":\"Payments\"}"));
        Joined lead = join("lead");
        grant(payments, lead, "TEAM_ADMIN");

        assertThat(owner.api("DELETE", "/v1/teams/" + payments).statusCode()).isEqualTo(204);

        assertProblem(lead.client().api("POST", "/v1/projects", "application/json",
                "{\"team_id\":\"" + payments + "\",\"name\":\"Ghost\"}"), 403, "forbidden");
        assertThat(owner.api("GET", "/v1/audit-events?action=team_role.").body()).contains("team_role.revoked");
    }

    private record Joined(ConsoleClient client, String memberId) {
    }

    private Joined join(String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String created = owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"" + email + "\",\"role\":\"VIEWER\"}").body();
        String path = URI.create(created.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
        ConsoleClient client = new ConsoleClient(port);
        client.submitForm(path, path, Map.of("displayName", name, "password", TestAccounts.STRONG_PASSWORD));
        String members = owner.api("GET", "/v1/members?limit=200").body();
        String memberId = members.replaceAll(".*\"id\":\"(mem_[0-9a-f]{32})\",\"email\":\""
                + java.util.regex.Pattern.quote(email) + "\".*", "$1");
        assertThat(memberId).startsWith("mem_");
        return new Joined(client, memberId);
    }

    private String grant(String team, Joined member, String role) {
        return created(owner.api("POST", "/v1/teams/" + team + "/roles", "application/json",
                "{\"member_id\":\"" + member.memberId() + "\",\"role\":\"" + role + "\"}"));
    }

    private static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asString();
    }
}
