package io.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Teams page: build team → project → agent with forms, see refusals as messages, disable an agent. */
@TollgateTest
class OrgStructureConsoleTest {

    @LocalServerPort
    int port;

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

    private static String id(String html, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(html);
        assertThat(matcher.find()).as(pattern).isTrue();
        return matcher.group(1);
    }
}
