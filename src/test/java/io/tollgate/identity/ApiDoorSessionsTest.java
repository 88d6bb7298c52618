package io.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * ADR 0056: the API door keeps no state for its callers. An anonymous read used to be saved for after a sign-in
 * that never comes, in a new HTTP session per call (memory anyone could fill); a bearer call never had one. The
 * console's own session still works on /v1, with its CSRF token.
 */
@TollgateTest
class ApiDoorSessionsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void an_anonymous_api_read_is_refused_without_opening_a_session() {
        for (String accept : new String[] {"text/html", "*/*", "application/json"}) {
            HttpResponse<String> response = get("/v1/teams", accept);

            assertThat(response.statusCode()).as(accept).isEqualTo(401);
            assertThat(response.headers().allValues("Set-Cookie")).as(accept).isEmpty();
        }
    }

    @Test
    void a_bearer_call_opens_no_session() {
        ConsoleClient owner = TestAccounts.fresh("Sessionless").signUp(port);
        BearerFixtures fixtures = new BearerFixtures(port, Databases.of(environment));
        String secret = BearerFixtures.issueKey(owner, fixtures.agentIn(BearerFixtures.tenantOf(owner)), "[\"read\"]", "")
                .get("secret").asString();

        HttpResponse<String> response = fixtures.call(secret, "GET", "/v1/organization");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void the_consoles_session_still_reads_and_writes_v1() {
        ConsoleClient owner = TestAccounts.fresh("Sessionful").signUp(port);

        assertThat(owner.api("GET", "/v1/organization").statusCode()).isEqualTo(200);
        HttpResponse<String> created = owner.api("POST", "/v1/teams", "application/json",
                "{\"name\":\"Through the session\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> forged = owner.send(HttpRequest.newBuilder(owner.uri("/v1/teams"))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Without the token\"}")).build());
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
    }

    private HttpResponse<String> get(String path, String accept) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
