package io.tollgate.policies;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.policies.PolicyClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.tollgate.budgets.LedgerFixture;
import io.tollgate.platform.PrefixedId;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** A team admin keeps rules inside their team: theirs to change, never widened, others' not found. */
@TollgateTest
class PolicyTeamAdminTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void a_team_admin_manages_their_teams_rules_and_cannot_widen_one() {
        LedgerFixture org = new LedgerFixture(port, Databases.of(environment), "PolicyTeams");
        LedgerFixture.AgentKey mine = org.agent();
        LedgerFixture.AgentKey theirs = org.agent();
        String myTeam = PrefixedId.format("team", mine.agent().team());
        String otherTeam = PrefixedId.format("team", theirs.agent().team());
        PolicyClient owner = new PolicyClient(org.owner);
        String othersRule = owner.addRule("Theirs", "\"scope_type\":\"team\",\"scope_target\":\"" + otherTeam + "\"",
                "true", "monitor", "");
        PolicyClient teamAdmin = new PolicyClient(teamAdminOf(org, mine.agent().team()));

        String rule = teamAdmin.addRule("Mine", "\"scope_type\":\"agent\",\"scope_target\":\""
                + mine.agent().apiId() + "\"", "true", "monitor", "");
        String etag = teamAdmin.call("GET", "/v1/policies/rules/" + rule, null, null).headers().firstValue("ETag")
                .orElseThrow();
        HttpResponse<String> widened = teamAdmin.call("PATCH", "/v1/policies/rules/" + rule,
                "{\"scope_type\":\"org\"}", etag);
        HttpResponse<String> moved = teamAdmin.call("PATCH", "/v1/policies/rules/" + rule,
                "{\"scope_type\":\"team\",\"scope_target\":\"" + otherTeam + "\"}", etag);
        HttpResponse<String> narrowed = teamAdmin.call("PATCH", "/v1/policies/rules/" + rule,
                "{\"scope_type\":\"team\",\"scope_target\":\"" + myTeam + "\"}", etag);

        assertProblem(widened, 403, "forbidden");
        assertProblem(moved, 403, "forbidden");
        assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
        assertThat(json(narrowed).get("scope_target").asString()).isEqualTo(myTeam);
        assertProblem(teamAdmin.call("PATCH", "/v1/policies/rules/" + othersRule, "{\"name\":\"x\"}", "\"v0\""), 404,
                "not-found");
        assertProblem(teamAdmin.call("DELETE", "/v1/policies/rules/" + othersRule, null, null), 404, "not-found");
        assertProblem(teamAdmin.call("POST", "/v1/policies/rules", "{\"name\":\"Org\",\"scope_type\":\"org\","
                + "\"condition\":\"true\",\"effect\":\"monitor\"}", null), 403, "forbidden");
        assertProblem(teamAdmin.call("POST", "/v1/policies/draft/publish", "{}", teamAdmin.draftTag()), 403,
                "forbidden");
    }

    /** A member (viewer) who accepted an invitation and holds TEAM_ADMIN on the team. */
    private ConsoleClient teamAdminOf(LedgerFixture org, UUID team) {
        String email = "teamadmin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String created = org.owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"" + email + "\",\"role\":\"VIEWER\"}").body();
        String path = URI.create(created.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
        ConsoleClient member = new ConsoleClient(port);
        member.submitForm(path, path, Map.of("displayName", "Team Admin", "password", TestAccounts.STRONG_PASSWORD));
        org.fixtures.sql("INSERT INTO team_roles (tenant_id, id, team_id, user_id, role) SELECT ?, ?, ?, id,"
                + " 'TEAM_ADMIN' FROM users WHERE email = ?", org.tenant, UUID.randomUUID(), team, email);
        return member;
    }
}
