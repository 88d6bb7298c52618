package io.tollgate.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tollgate.budgets.LedgerFixture;
import io.tollgate.platform.PrefixedId;
import io.tollgate.support.Databases;
import org.awaitility.Awaitility;
import org.springframework.mock.env.MockEnvironment;

/**
 * Writes the populated-database snapshot {@link PopulatedUpgradeTest} upgrades: it drives a running release of the
 * app over HTTP (two organisations with budgets of every period, reservations in every state, usage without a
 * reservation, adjustments, a resolved dispute, a lease, a price override and an invitation), waits until every
 * audit event is sealed, and writes every table's rows as SQL. Run by {@code scripts/upgrade-snapshot.sh}.
 *
 * <p>Usage: {@code UpgradeSnapshotWriter <app port> <postgres port> <output.sql> <release name>}.
 */
public final class UpgradeSnapshotWriter {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Databases databases = Databases.of(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://localhost:" + args[1] + "/tollgate")
                .withProperty("spring.datasource.username", "tollgate_app")
                .withProperty("spring.liquibase.user", "tollgate_owner"));
        for (String name : List.of("UpgradeAlpha", "UpgradeBeta")) {
            populate(new LedgerFixture(port, databases, name));
        }
        awaitSealed(databases);
        write(databases, Path.of(args[2]), args[3]);
    }

    private static void populate(LedgerFixture org) {
        LedgerFixture.AgentKey agent = org.agent();
        LedgerFixture.AgentKey sibling = org.agentBeside(agent);
        org.budget("org", null, "monthly", "100", true, "");
        org.budget("team", PrefixedId.format("team", agent.agent().team()), "weekly", "50", true, "");
        org.budget("project", PrefixedId.format("prj", agent.project()), "daily", "20", false, "");
        org.budget("agent", agent.agent().apiId(), "lifetime", "2", true, "");

        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            allowed.add(created(org.reserve(i % 2 == 0 ? agent : sibling, "0.25")));
        }
        created(org.reserve(agent, "5")); // over the agent's lifetime budget: denied
        for (int i = 0; i < 3; i++) {
            ok(org.commit(i % 2 == 0 ? agent : sibling, allowed.get(i), "0.2"), 200);
        }
        String line = null;
        for (var usage : LedgerFixture.json(ok(org.owner.api("GET", "/v1/usage-lines"), 200)).get("data")) {
            if (usage.get("reservation_id").asString().equals(allowed.getFirst())) {
                line = usage.get("id").asString();
            }
        }
        assertThat(line).as("the first commit's usage line").isNotNull();
        ok(org.post(sibling.token(), "/v1/reservations/" + allowed.get(3) + "/release", null, null), 200);
        org.expireNow(allowed.get(4));
        ok(org.post(agent.token(), "/v1/usage", "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                + "\"usage\":{\"input_tokens\":20000}}", null), 201);

        ok(org.owner.api("POST", "/v1/adjustments", "application/json", "{\"kind\":\"refund\",\"amount_usd\":"
                + "\"0.05\",\"reason\":\"snapshot refund\",\"usage_line_id\":\"" + line + "\"}"), 201);
        String dispute = LedgerFixture.json(ok(org.owner.api("POST", "/v1/usage-lines/" + line + "/disputes",
                "application/json", "{\"reason\":\"snapshot dispute\"}"), 201)).get("id").asString();
        ok(org.owner.api("POST", "/v1/disputes/" + dispute + "/resolve", "application/json",
                "{\"outcome\":\"upheld\",\"resolution\":\"refunded\",\"refund_usd\":\"0.05\"}"), 200);
        ok(org.post(agent.token(), "/v1/leases", "{\"instance_id\":\"snapshot-worker\"}", null), 201);
        ok(org.owner.api("POST", "/v1/price-overrides", "application/json", "{\"provider\":\"openai\","
                + "\"model\":\"gpt-4o\",\"price_class\":\"input\",\"price_usd\":\"2.00\","
                + "\"effective_from\":\"2026-03-01\",\"note\":\"snapshot\"}"), 201);
        ok(org.owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"invitee-" + org.tenant + "@example.com\",\"role\":\"VIEWER\"}"), 201);
    }

    private static String created(HttpResponse<String> response) {
        return LedgerFixture.json(ok(response, 201)).get("id").asString();
    }

    private static HttpResponse<String> ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static void awaitSealed(Databases databases) throws SQLException {
        try (Connection connection = databases.asSuperuser(); Statement sql = connection.createStatement()) {
            Awaitility.await("every audit event sealed").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM audit_events WHERE seq IS NULL")) {
                            rs.next();
                            return rs.getLong(1) == 0;
                        }
                    });
        }
    }

    /**
     * One statement per table: its rows as a JSON array, read back into the table's own row type, so the file needs
     * no column list and loads only into the schema it was written from. Sequences follow.
     */
    private static void write(Databases databases, Path out, String release) throws SQLException, IOException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(databases.url(), Databases.SUPERUSER, "");
             Statement sql = connection.createStatement()) {
            try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM databasechangelog")) {
                rs.next();
                lines.add("-- Tollgate populated-database snapshot of release " + release + ", written by "
                        + "scripts/upgrade-snapshot.sh");
                lines.add("-- changesets: " + rs.getLong(1));
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = sql.executeQuery("""
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                      AND c.relname NOT LIKE 'databasechangelog%' ORDER BY c.relname""")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = sql.executeQuery("SELECT json_agg(t ORDER BY t::text) FROM " + table + " t")) {
                    rs.next();
                    // One line per table: JSON escapes newlines inside values, so raw ones only separate rows.
                    String rows = rs.getString(1) == null ? null : rs.getString(1).replace("\n", "");
                    if (rows != null) {
                        // Rows the changelog itself inserts (the curated price book) are there already.
                        lines.add("INSERT INTO " + table + " OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset"
                                + "(NULL::" + table + ", " + literal(rows) + ") ON CONFLICT DO NOTHING;");
                    }
                }
            }
            try (ResultSet rs = sql.executeQuery("""
                    SELECT format('SELECT setval(%L, %s, %s);', schemaname || '.' || sequencename,
                                  coalesce(last_value, 1), (last_value IS NOT NULL)::text)
                    FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename""")) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        Files.write(out, lines);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
