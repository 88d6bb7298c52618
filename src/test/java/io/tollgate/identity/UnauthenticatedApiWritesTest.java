package io.tollgate.identity;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A write to {@code /v1} with no credentials at all is asked for them (401 with a Bearer challenge), not refused for
 * a CSRF token it could not have; a write riding on a console session cookie still needs the CSRF token.
 */
@TollgateTest
class UnauthenticatedApiWritesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /v1/reservations",
            "POST, /v1/api-keys",
            "PUT, /v1/sso-configuration",
            "PATCH, /v1/organization",
            "PATCH, /v1/teams/team_0000000000000000000000000",
            "DELETE, /v1/teams/team_0000000000000000000000000",
            "DELETE, /v1/sso-configuration"})
    void a_write_without_credentials_or_cookie_is_401_with_a_bearer_challenge(String method, String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());

        assertProblem(response, 401, "unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.body()).doesNotContain("CSRF");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /v1/teams",
            "PATCH, /v1/organization",
            "PUT, /v1/sso-configuration",
            "DELETE, /v1/sso-configuration"})
    void a_write_on_a_session_cookie_without_the_csrf_token_is_still_refused(String method, String path) {
        ConsoleClient member = TestAccounts.fresh("Csrf").signUp(port);

        HttpResponse<String> response = member.send(HttpRequest.newBuilder(member.uri(path))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"name\":\"forged\"}")).build());

        assertProblem(response, 403, "forbidden");
        assertThat(member.api("GET", "/v1/organization").body()).doesNotContain("forged");
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            io.tollgate.support.ApiContract.check(request, response);
            return response;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
