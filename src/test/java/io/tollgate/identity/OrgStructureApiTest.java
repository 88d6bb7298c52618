package io.tollgate.identity;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.identity.BearerFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Teams → projects → agents through the API, with team admins confined to their own team. */
@TollgateTest
class OrgStructureApiTest {

    @LocalServerPort
    int port;

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

    private static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asString();
    }
}
