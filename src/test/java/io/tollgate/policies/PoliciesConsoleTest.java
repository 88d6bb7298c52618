package io.tollgate.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.tollgate.budgets.LedgerFixture;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** The console's policy pages over HTTP: list with matches, live check, publish dialog, version with rollback. */
@TollgateTest
class PoliciesConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void the_list_counts_matches_the_check_reports_positions_and_a_version_can_be_rolled_back() {
        LedgerFixture org = new LedgerFixture(port, Databases.of(environment), "PolicyConsole");
        LedgerFixture.AgentKey agent = org.agent();
        PolicyClient policies = new PolicyClient(org.owner);
        policies.addOrgRule("Watch everything", "true", "monitor");
        long v1 = policies.publish();
        org.reserve(agent, "1");
        org.reserve(agent, "2");

        String list = org.owner.get("/app/policies").body();
        HttpResponse<String> check = org.owner.postForm("/app/policies/check", Map.of("name", "x",
                "scopeType", "org", "condition", "request.modle == \"x\"", "effect", "deny",
                "_csrf", org.owner.consoleCsrfToken()));
        String dialog = org.owner.get("/app/policies/publish").body();
        HttpResponse<String> rolledBack = org.owner.postForm("/app/policies/versions/" + v1 + "/rollback",
                Map.of("_csrf", org.owner.consoleCsrfToken()));

        assertThat(list).contains("Watch everything").containsPattern("data-testid=\"rule-matches\">2<");
        assertThat(check.body()).contains("condition-error").contains("Line 1, column");
        assertThat(dialog).contains("All 1 rules compile.").contains("data-testid=\"simulation-summary\"");
        assertThat(rolledBack.statusCode()).isEqualTo(200);
        assertThat(rolledBack.body()).contains("Published bundle v" + (v1 + 1) + ", equal to v" + v1);
    }
}
