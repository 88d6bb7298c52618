package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every /v1 error is RFC 9457 problem+json with a stable type, and never shows internals. */
@TollgateTest
class ApiProblemDetailsTest {

    @LocalServerPort
    int port;

    ConsoleClient client;

    @BeforeEach
    void signUp() {
        client = TestAccounts.fresh("Problems").signUp(port);
    }

    @Test
    void unknown_api_path_is_a_404_problem() {
        HttpResponse<String> response = client.api("GET", "/v1/does-not-exist");

        assertProblem(response, 404, "not-found");
    }

    @Test
    void unauthenticated_api_call_is_a_401_problem() {
        HttpResponse<String> response = new ConsoleClient(port).send(HttpRequest.newBuilder(client.uri("/v1/members"))
                .header("Accept", "application/json").GET().build());

        assertProblem(response, 401, "unauthenticated");
    }

    @Test
    void unsupported_method_is_a_405_problem_with_allow_header() {
        HttpResponse<String> response = client.api("DELETE", "/v1/organization");

        assertProblem(response, 405, "method-not-allowed");
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void wrong_content_type_is_a_415_problem() {
        HttpResponse<String> response = client.api("POST", "/v1/invitations", "text/plain", "hello");

        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void malformed_json_is_a_400_problem() {
        HttpResponse<String> response = client.api("POST", "/v1/invitations", "application/json", "{\"email\": ");

        assertProblem(response, 400, "malformed-request");
    }

    @Test
    void invalid_fields_are_a_422_problem_listing_each_field() {
        HttpResponse<String> response = client.api("POST", "/v1/invitations", "application/json",
                "{\"email\": \"not-an-address\"}");

        assertProblem(response, 422, "validation-failed");
        assertThat(response.body()).contains("\"errors\"").contains("\"field\":\"email\"").contains("\"field\":\"role\"");
    }

    @Test
    void oversized_body_is_a_413_problem() {
        String huge = "{\"email\": \"" + "a".repeat(100_000) + "@example.com\", \"role\": \"VIEWER\"}";

        HttpResponse<String> response = client.api("POST", "/v1/invitations", "application/json", huge);

        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void oversized_chunked_body_is_a_413_problem() {
        byte[] huge = ("{\"email\": \"" + "a".repeat(100_000) + "@example.com\", \"role\": \"VIEWER\"}").getBytes();
        HttpRequest request = client.apiRequest("POST", "/v1/invitations", "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))).build();

        HttpResponse<String> response = client.send(request);

        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void unknown_id_format_is_a_404_problem() {
        assertProblem(client.api("GET", "/v1/members/not-an-id"), 404, "not-found");
        assertProblem(client.api("GET", "/v1/invitations/inv_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"), 404, "not-found");
    }

    @Test
    void bad_cursor_is_a_422_problem() {
        assertProblem(client.api("GET", "/v1/members?cursor=abc"), 422, "validation-failed");
        assertProblem(client.api("GET", "/v1/members?limit=0"), 422, "validation-failed");
    }

    @Test
    void request_id_is_echoed_when_well_formed_and_generated_otherwise() {
        HttpResponse<String> given = client.send(client.apiRequest("GET", "/v1/organization", null,
                HttpRequest.BodyPublishers.noBody()).header("X-Request-Id", "trace-me-123").build());
        HttpResponse<String> invalid = client.send(client.apiRequest("GET", "/v1/organization", null,
                HttpRequest.BodyPublishers.noBody()).header("X-Request-Id", "bad id with spaces").build());

        assertThat(given.headers().firstValue("X-Request-Id")).hasValue("trace-me-123");
        assertThat(invalid.headers().firstValue("X-Request-Id")).hasValueSatisfying(id ->
                assertThat(id).startsWith("req_").doesNotContain(" "));
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(contentType ->
                assertThat(contentType).startsWith("application/problem+json"));
        assertThat(response.body())
                .contains("\"type\":\"https://tollgate.io/problems/" + type + "\"")
                .contains("\"status\":" + status)
                .contains("\"title\"")
                .contains("\"detail\"");
        assertNoInternals(response.body());
    }

    static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("Exception", "at io.", "at org.", "org.springframework", "io.tollgate",
                "SELECT ", "INSERT ", "ERROR:", "trace\"");
    }
}
