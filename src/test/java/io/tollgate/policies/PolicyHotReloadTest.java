package io.tollgate.policies;

import static io.tollgate.policies.PolicyClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.budgets.LedgerFixture;
import io.tollgate.support.ChildApp;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Hot reload with last-known-good (ADR 0062), with two application instances on one database: this test's context
 * and a second JVM ({@link ChildApp}) started against the same PostgreSQL. A publication on one reaches the other
 * through LISTEN/NOTIFY; a published version that does not compile (as if a newer build had written it) leaves the
 * last good version deciding on both, raises the stale gauge and logs an ERROR naming tenant and version.
 */
@TollgateTest
class PolicyHotReloadTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    MeterRegistry meters;

    @TempDir
    Path dataDir;

    @TempDir
    Path logs;

    ChildApp other;

    @AfterEach
    void stopOther() throws Exception {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void a_publication_reaches_the_other_replica_and_a_version_that_does_not_compile_keeps_the_last_good_one()
            throws Exception {
        Databases databases = Databases.of(environment);
        LedgerFixture org = new LedgerFixture(port, databases, "HotReload");
        LedgerFixture.AgentKey agent = org.agent();
        PolicyClient policies = new PolicyClient(org.owner);
        other = new ChildApp(dataDir, Path.of(environment.getProperty("tollgate.home", "target/tollgate-home"))
                .toAbsolutePath(), logs);
        other.start("--spring.datasource.url=" + databases.url(),
                "--spring.datasource.username=" + databases.runtimeRole(), "--spring.datasource.password=",
                "--spring.liquibase.user=" + databases.ownerRole(), "--spring.liquibase.password=",
                "--tollgate.embedded-db.enabled=false");
        assertThat(reserveOn(other.httpPort(), agent).get("decision").asString()).as("no rules yet")
                .isEqualTo("ALLOWED");
        assertThat(reserveOn(port, agent).get("decision").asString()).as("no rules yet").isEqualTo("ALLOWED");

        policies.addOrgRule("Refuse everything", "true", "deny");
        long good = policies.publish();
        long published = System.nanoTime();

        AtomicReference<JsonNode> seen = new AtomicReference<>();
        Awaitility.await("the other replica decides with v" + good).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    seen.set(reserveOn(other.httpPort(), agent));
                    return seen.get().get("decision").asString().equals("DENIED");
                });
        System.out.printf("hot reload reached the other replica in %d ms%n", (System.nanoTime() - published) / 1_000_000);
        assertThat(seen.get().get("policy").get("bundle_version").asLong()).isEqualTo(good);

        long broken = good + 1;
        publishDirectly(databases, org, broken, "removed_in_this_build(request.model)");

        Path log = logs.resolve("app-1.log");
        Awaitility.await("the other replica reports v" + broken + " as not compiling").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> Files.readString(log)
                        .contains("Policy bundle v" + broken + " of tenant " + org.tenant));
        Awaitility.await("this replica marks the tenant stale").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> meters.get("tollgate.policies.bundle.stale").gauge().value() >= 1.0);
        assertThat(Files.readString(log)).contains("ERROR");
        JsonNode onOther = reserveOn(other.httpPort(), agent);
        JsonNode onThis = reserveOn(port, agent);
        for (JsonNode decided : new JsonNode[] {onOther, onThis}) {
            assertThat(decided.get("decision").asString()).as("last known good still denies").isEqualTo("DENIED");
            assertThat(decided.get("policy").get("bundle_version").asLong()).as("the version that decided")
                    .isEqualTo(good);
        }

        HttpResponse<String> rolledBack = policies.call("POST", "/v1/policies/versions/" + good + "/rollback", "{}",
                null);
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(201);
        Awaitility.await("the stale gauge clears").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> meters.get("tollgate.policies.bundle.stale").gauge().value() == 0.0);
        long current = json(rolledBack).get("number").asLong();
        Awaitility.await("the other replica decides with v" + current).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> reserveOn(other.httpPort(), agent).get("policy")
                        .get("bundle_version").asLong() == current);
    }

    /** A version written by "another build": its condition uses a function this build does not know. */
    private static void publishDirectly(Databases databases, LedgerFixture org, long number, String condition)
            throws Exception {
        String rules = "[{\"id\":\"rul_00000000000000000000000000000001\",\"name\":\"From a newer build\","
                + "\"description\":\"\",\"scope_kind\":\"ORG\",\"scope_target\":null,\"condition\":"
                + PolicyClient.quote(condition) + ",\"effect\":\"DENY\",\"approval_tier\":null,\"on_error\":\"DENY\","
                + "\"enabled\":true}]";
        try (Connection connection = databases.asSuperuser(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO policy_bundle_versions (tenant_id, number, author, content_hash, rules, rule_count)"
                        + " VALUES (?, ?, 'newer-build', 'sha256:x', ?::jsonb, 1)")) {
            insert.setObject(1, org.tenant);
            insert.setLong(2, number);
            insert.setString(3, rules);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    private static JsonNode reserveOn(int port, LedgerFixture.AgentKey agent) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/reservations"))
                .header("Authorization", "Bearer " + agent.token()).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"estimated_cost_usd\":\"0.01\"}")).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }
}
