package io.tollgate.identity.internal.keys;

import static io.tollgate.identity.BearerFixtures.issueKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.platform.PrefixedId;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/** Where a key's secret must never be: any table of the database, the logs; and last use costs no write per call. */
@TollgateTest
@ExtendWith(OutputCaptureExtension.class)
class ApiKeySecretHygieneTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    LastUsedRecorder lastUsed;

    ConsoleClient owner;
    BearerFixtures fixtures;
    Databases databases;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Hygiene").signUp(port);
        databases = Databases.of(environment);
        fixtures = new BearerFixtures(port, databases);
    }

    @Test
    void the_plaintext_secret_is_in_no_table_and_no_log_line(CapturedOutput output) throws SQLException {
        var agent = fixtures.agentIn(BearerFixtures.tenantOf(owner));
        JsonNode created = issueKey(owner, agent, "[\"read\",\"admin\"]", "");
        String plaintext = created.get("secret").asString();
        String secretPart = plaintext.substring(plaintext.lastIndexOf('_') + 1);
        fixtures.call(plaintext, "GET", "/v1/organization");
        fixtures.call(plaintext.substring(0, plaintext.length() - 1) + "x", "GET", "/v1/organization");
        owner.api("POST", "/v1/api-keys/" + created.get("key").get("id").asString() + "/revoke");
        fixtures.call(plaintext, "GET", "/v1/organization");
        lastUsed.flush();

        String dump = dumpEveryTable();

        assertThat(dump).contains(created.get("key").get("prefix").asString().substring("tg_live_".length()));
        assertThat(dump).doesNotContain(secretPart);
        assertThat(output.getAll()).doesNotContain(secretPart);
    }

    @Test
    void last_use_is_recorded_in_a_batch_not_per_request() throws SQLException {
        var agent = fixtures.agentIn(BearerFixtures.tenantOf(owner));
        JsonNode created = issueKey(owner, agent, "[\"read\"]", "");
        UUID id = PrefixedId.parse("key", created.get("key").get("id").asString(), "key");

        for (int i = 0; i < 3; i++) {
            assertThat(fixtures.call(created.get("secret").asString(), "GET", "/v1/organization").statusCode())
                    .isEqualTo(200);
        }
        assertThat(lastUsedAt(id)).as("written by a request").isNull();
        lastUsed.flush();

        assertThat(lastUsedAt(id)).isNotNull();
    }

    private String lastUsedAt(UUID id) throws SQLException {
        try (Connection connection = databases.asSuperuser(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT last_used_at FROM api_keys WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Every row of every table in the public schema as text, like a plain-SQL dump's data section. */
    private String dumpEveryTable() throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection connection = databases.asSuperuser(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("api_keys", "api_key_routes", "audit_events");
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                    while (rs.next()) {
                        dump.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }
}
