package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Security headers, CSRF, the friendly error page, probes and the operators' commands on the management port. */
@TollgateTest
class WebDoorsTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void console_pages_send_a_strict_content_security_policy_and_no_framing() {
        HttpResponse<String> login = new ConsoleClient(port).get("/login");

        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(login.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(login.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(login.body()).doesNotContain("<script>").doesNotContain(" style=\"");
    }

    /** Behind a TLS-terminating proxy that is listed as trusted, HSTS is sent: TrustedProxyForwardedHeadersTest. */
    @Test
    void an_https_claim_from_a_proxy_nobody_configured_brings_no_hsts() {
        HttpResponse<String> login = new ConsoleClient(port).send(HttpRequest.newBuilder(
                new ConsoleClient(port).uri("/login")).header("X-Forwarded-Proto", "https").GET().build());

        assertThat(login.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void a_console_post_without_csrf_token_is_refused() {
        ConsoleClient client = TestAccounts.fresh("Csrf").signUp(port);

        HttpResponse<String> response = client.postForm("/app/settings/organization",
                java.util.Map.of("name", "Hijacked", "timeZone", "UTC", "version", "0"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(client.api("GET", "/v1/organization").body()).doesNotContain("Hijacked");
    }

    @Test
    void an_api_write_without_csrf_token_is_refused() {
        ConsoleClient client = TestAccounts.fresh("CsrfApi").signUp(port);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(client.uri("/v1/invitations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\",\"role\":\"VIEWER\"}"))
                .build());

        ApiProblemDetailsTest.assertProblem(response, 403, "forbidden");
    }

    @Test
    void an_unknown_console_page_shows_the_friendly_error_page() {
        ConsoleClient client = TestAccounts.fresh("Lost").signUp(port);

        HttpResponse<String> response = client.get("/app/no-such-page");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("We could not find that page");
        ApiProblemDetailsTest.assertNoInternals(response.body());
    }

    @Test
    void readiness_includes_the_database_and_is_up() {
        HttpResponse<String> readiness = management("/actuator/health/readiness", null, null);
        HttpResponse<String> liveness = management("/actuator/health/liveness", null, null);

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(liveness.statusCode()).isEqualTo(200);
    }

    @Test
    void prometheus_metrics_are_on_the_management_port() {
        HttpResponse<String> metrics = management("/actuator/prometheus", null, null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void operator_commands_need_the_ops_credentials() {
        String body = "{\"name\":\"Ops Made\",\"slug\":\"ops-" + System.nanoTime() + "\",\"ownerEmail\":\"o@example.com\"}";

        assertThat(management("/actuator/tenants", body, null).statusCode()).isEqualTo(401);
        assertThat(management("/actuator/tenants", body, "ops:wrong-password").statusCode()).isEqualTo(401);
    }

    @Test
    void an_operator_creates_a_tenant_whose_owner_joins_by_the_returned_link() {
        String slug = "ops-" + System.nanoTime();
        HttpResponse<String> created = management("/actuator/tenants", "{\"name\":\"Ops Made\",\"slug\":\"" + slug
                + "\",\"ownerEmail\":\"owner-" + slug + "@example.com\"}", "ops:test-ops-password");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String link = created.body().replaceAll(".*\"owner_invitation_link\":\"([^\"]+)\".*", "$1");
        String path = java.net.URI.create(link).getPath();
        ConsoleClient owner = new ConsoleClient(port);
        HttpResponse<String> joined = owner.submitForm(path, path,
                java.util.Map.of("displayName", "Ops Owner", "password", TestAccounts.STRONG_PASSWORD));
        assertThat(joined.uri().getPath()).isEqualTo("/app");
        assertThat(owner.api("GET", "/v1/members").body()).contains("\"role\":\"OWNER\"");
    }

    @Test
    void an_operator_issues_sign_up_codes() {
        HttpResponse<String> issued = management("/actuator/signupcodes", "{\"note\":\"for a pilot customer\"}",
                "ops:test-ops-password");

        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).matches("\\{\"code\":\"[A-Za-z0-9_-]{43}\"}");
    }

    @Test
    void the_openapi_document_describes_the_v1_api() {
        HttpResponse<String> document = new ConsoleClient(port).get("/v3/api-docs");

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"openapi\":\"3.1").contains("/v1/organization")
                .contains("/v1/invitations/{id}").doesNotContain("/app/");
        tools.jackson.databind.JsonNode api = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(document.body());
        tools.jackson.databind.JsonNode reserve = api.get("paths").get("/v1/reservations").get("post");
        assertThat(reserve.get("requestBody").toString()).contains("gpt-4o-mini").contains("estimated_usage");
        assertThat(reserve.get("responses").get("201").toString()).contains("ALLOWED");
        for (String status : java.util.List.of("401", "403", "409", "422", "429")) {
            assertThat(reserve.get("responses").has(status)).as("reserve documents " + status).isTrue();
        }
        assertThat(api.get("paths").get("/v1/adjustments").get("post").get("responses").get("409").toString())
                .contains("application/problem+json");
        assertThat(api.get("paths").get("/v1/disputes/{id}").get("get").get("responses").has("404")).isTrue();
        assertThat(api.get("components").get("schemas").has("Problem")).isTrue();
    }

    private HttpResponse<String> management(String path, String jsonBody, String credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + managementPort
                + path));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
