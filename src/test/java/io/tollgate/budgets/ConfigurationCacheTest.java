package io.tollgate.budgets;

import static io.tollgate.budgets.LedgerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import io.tollgate.platform.Ids;
import io.tollgate.platform.PrefixedId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * ADR 0054: the decision path caches the agent chain, the chain's budgets, the lease policy and the time zone per
 * tenant configuration version. A change made behind the app's back (here plain SQL as the database superuser, as an
 * operator or another replica would) bumps the version by trigger, so the very next request sees it.
 */
@TollgateTest
class ConfigurationCacheTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    LedgerFixture org;
    LedgerFixture.AgentKey agent;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Configcache");
        agent = org.agent();
        org.budget("agent", PrefixedId.format("agt", agent.agent().id()), "daily", "100", true, "");
        // Twice: the first fills every cache, the second is served from them.
        assertThat(decision(org.reserve(agent, "1"))).isEqualTo("ALLOWED");
        assertThat(decision(org.reserve(agent, "1"))).isEqualTo("ALLOWED");
    }

    @Test
    void a_budget_added_or_removed_by_sql_binds_the_next_reserve() {
        UUID budget = Ids.newUuid();
        org.fixtures.sql("""
                INSERT INTO budgets (tenant_id, id, name, scope_type, scope_id, team_id, period, limit_nanos, hard)
                VALUES (?, ?, 'project tiny', 'PROJECT', ?, ?, 'MONTHLY', 1000000000, true)""",
                org.tenant, budget, agent.project(), agent.agent().team());

        assertThat(decision(org.reserve(agent, "5"))).as("the new 1 USD project budget binds").isEqualTo("DENIED");

        org.fixtures.sql("UPDATE budgets SET deleted_at = now() WHERE id = ?", budget);
        assertThat(decision(org.reserve(agent, "5"))).as("and stops binding once deleted").isEqualTo("ALLOWED");
    }

    @Test
    void a_lease_policy_written_by_sql_applies_to_the_next_reserve() {
        org.fixtures.sql("""
                INSERT INTO agent_lease_policies (tenant_id, agent_id, leases_required, updated_by)
                VALUES (?, ?, true, 'operator')""", org.tenant, agent.agent().id());

        HttpResponse<String> refused = org.reserve(agent, "1");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("type").asString()).endsWith("lease-required");
    }

    @Test
    void an_agent_moved_to_another_project_by_sql_reserves_against_its_new_chain() {
        UUID newProject = Ids.newUuid();
        org.fixtures.sql("INSERT INTO projects (tenant_id, id, team_id, name, description) VALUES (?, ?, ?, 'p2', '')",
                org.tenant, newProject, agent.agent().team());
        org.budget("project", PrefixedId.format("prj", newProject), "monthly", "2", true, "");
        assertThat(decision(org.reserve(agent, "3"))).as("not in that project yet").isEqualTo("ALLOWED");

        org.fixtures.sql("UPDATE agents SET project_id = ? WHERE id = ?", newProject, agent.agent().id());

        assertThat(decision(org.reserve(agent, "3"))).as("the new project's 2 USD budget binds").isEqualTo("DENIED");
    }

    @Test
    void a_time_zone_changed_by_sql_moves_the_next_reserves_daily_window() {
        org.fixtures.sql("UPDATE tenants SET time_zone = 'Pacific/Kiritimati' WHERE id = ?", org.tenant);

        assertThat(decision(org.reserve(agent, "1"))).isEqualTo("ALLOWED");

        assertThat(windowsOfTheTenant()).as("a daily window starting at midnight UTC+14 opened beside the one at midnight UTC").isEqualTo(2);
    }

    private long windowsOfTheTenant() {
        try (Connection connection = Databases.of(environment).asSuperuser();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT count(*) FROM budget_windows WHERE tenant_id = ?")) {
            count.setObject(1, org.tenant);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decision(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("decision").asString();
    }
}
