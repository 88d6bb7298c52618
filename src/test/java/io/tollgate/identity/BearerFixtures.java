package io.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import io.tollgate.platform.PrefixedId;
import io.tollgate.support.ApiContract;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Agents made straight in the database, and calls to {@code /v1} with a bearer token instead of a session. */
public final class BearerFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final Databases databases;

    public BearerFixtures(int port, Databases databases) {
        this.port = port;
        this.databases = databases;
    }

    public record Agent(UUID tenant, UUID team, UUID id) {

        public String apiId() {
            return PrefixedId.format("agt", id);
        }
    }

    public static UUID tenantOf(ConsoleClient member) {
        String id = json(member.api("GET", "/v1/organization")).get("id").asString();
        return PrefixedId.parse("org", id, "organization");
    }

    /** A team, project and agent in the tenant, written as the superuser (RLS does not apply to fixtures). */
    public Agent agentIn(UUID tenant) {
        UUID team = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID agent = UUID.randomUUID();
        String suffix = agent.toString().substring(0, 8);
        try (Connection connection = databases.asSuperuser()) {
            insert(connection, "INSERT INTO teams (tenant_id, id, name) VALUES (?, ?, ?)", tenant, team, "Team " + suffix);
            insert(connection, "INSERT INTO projects (tenant_id, id, team_id, name) VALUES (?, ?, ?, ?)", tenant,
                    project, team, "Project " + suffix);
            insert(connection, "INSERT INTO agents (tenant_id, id, project_id, name) VALUES (?, ?, ?, ?)", tenant,
                    agent, project, "agent-" + suffix);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Agent(tenant, team, agent);
    }

    public void sql(String statement, Object... args) {
        try (Connection connection = databases.asSuperuser()) {
            insert(connection, statement, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Issues a key through the API as the member; answers the created key's JSON. */
    public static JsonNode issueKey(ConsoleClient member, Agent agent, String scopesJson, String extraJson) {
        HttpResponse<String> created = member.api("POST", "/v1/api-keys", "application/json",
                "{\"agent_id\":\"" + agent.apiId() + "\",\"name\":\"deploy bot\",\"scopes\":" + scopesJson
                        + extraJson + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    public HttpResponse<String> call(String token, String method, String path) {
        return call(token, method, path, null);
    }

    public HttpResponse<String> call(String token, String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        try {
            HttpRequest built = request.build();
            HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            ApiContract.check(built, response);
            return response;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    public static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(contentType ->
                assertThat(contentType).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"https://tollgate.io/problems/" + type + "\"")
                .doesNotContain("Exception").doesNotContain("at io.tollgate");
    }

    private static void insert(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }
}
