package io.tollgate.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 12 item 8, ADR 0044: what Tomcat refuses before the application runs (literal braces, bad
 * percent-encoding, an encoded NUL, an oversized URL or header) and a direct {@code GET /error} are still answered
 * like every other response: problem+json under /v1, the console's error page elsewhere, with the security
 * headers and an X-Request-Id — never Tomcat's own HTML report. Sent over a raw socket, as a client could.
 */
@TollgateTest
class MalformedRequestsTest {

    @LocalServerPort
    int port;

    @Test
    void requests_tomcat_refuses_under_v1_are_problem_json_with_the_usual_headers() throws IOException {
        for (String target : new String[] {"/v1/teams/{x}", "/v1/teams/[x]", "/v1/teams/%zz", "/v1/teams/team_%00",
            "/v1/teams/" + "a".repeat(20_000), "/v1/teams?q=" + "a".repeat(20_000), "/v1/teams?name=%zz|{}"}) {
            Answer answer = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(answer.status).as(target).isBetween(400, 499);
            assertProblemJson(answer, target);
        }
    }

    @Test
    void a_request_line_tomcat_cannot_read_at_all_gets_the_page_with_the_usual_headers() throws IOException {
        // The path is unknown when the request line itself is refused, so the answer cannot be chosen by it.
        Answer answer = send("GET /v1/teams/<x> HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(answer.status).isEqualTo(400);
        assertConsolePage(answer, "<x>");
    }

    @Test
    void an_oversized_header_is_answered_by_path_too() throws IOException {
        Answer api = send("GET /v1/teams HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(40_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(api.status).isBetween(400, 499);
        assertProblemJson(api, "big header");
        Answer page = send("GET /app HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(40_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(page.status).isBetween(400, 499);
        assertConsolePage(page, "big header on /app");
    }

    @Test
    void elsewhere_they_get_the_consoles_error_page() throws IOException {
        for (String target : new String[] {"/app/%zz", "/app/x%00y", "/app/" + "a".repeat(20_000),
            "/app/" + "a".repeat(40_000)}) {
            Answer answer = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(answer.status).as(target).isBetween(400, 499);
            assertConsolePage(answer, target);
        }
    }

    @Test
    void get_error_directly_is_the_consoles_error_page_with_the_usual_headers() throws IOException {
        Answer answer = send("GET /error HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(answer.status).isBetween(400, 599);
        assertConsolePage(answer, "/error");
        for (String request : new String[] {
            "GET /error HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
            "POST /error HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "DELETE /error?x=1 HTTP/1.1\r\nHost: localhost\r\nAccept: application/problem+json\r\n"
                    + "Connection: close\r\n\r\n"}) {
            Answer variant = send(request);
            assertThat(variant.status).as(request).isBetween(400, 599);
            assertThat(variant.body).as(request).doesNotContain("Apache Tomcat");
            assertUsualHeaders(variant, request);
        }
    }

    @Test
    void the_request_id_a_client_sent_is_echoed() throws IOException {
        Answer answer = send("GET /v1/teams/%zz HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: trace-me-42\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(answer.headers.get("x-request-id")).isEqualTo("trace-me-42");
    }

    @Test
    void the_headers_are_those_of_an_ordinary_application_response() throws IOException {
        Answer ordinary = send("GET /v1/teams HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Answer refused = send("GET /v1/teams/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(ordinary.status).isEqualTo(401);
        ErrorResponseHeaders.SECURITY_HEADERS.keySet().forEach(name -> {
            String key = name.toLowerCase(Locale.ROOT);
            assertThat(refused.headers.get(key)).as(name).isNotNull().isEqualTo(ordinary.headers.get(key));
        });
    }

    private static void assertProblemJson(Answer answer, String what) {
        assertThat(answer.headers.get("content-type")).as(what + "\n" + answer.raw)
                .startsWith("application/problem+json");
        assertThat(answer.body).as(what).contains("\"type\":\"https://tollgate.io/problems/")
                .contains("\"status\":" + answer.status).doesNotContain("Tomcat");
        assertUsualHeaders(answer, what);
    }

    private static void assertConsolePage(Answer answer, String what) {
        assertThat(answer.headers.get("content-type")).as(what + "\n" + answer.raw).startsWith("text/html");
        assertThat(answer.body).as(what).contains("Tollgate").contains("/css/console.css")
                .doesNotContain("Apache Tomcat").doesNotContain("<style");
        assertUsualHeaders(answer, what);
    }

    private static void assertUsualHeaders(Answer answer, String what) {
        assertThat(answer.headers).as(what + "\n" + answer.raw)
                .containsKey("x-request-id")
                .containsEntry("x-content-type-options", "nosniff")
                .containsEntry("x-frame-options", "DENY")
                .containsKey("referrer-policy")
                .containsKey("permissions-policy");
        assertThat(answer.headers.get("content-security-policy")).as(what).contains("default-src 'self'")
                .contains("script-src 'self'");
    }

    private record Answer(int status, Map<String, String> headers, String body, String raw) {
    }

    private Answer send(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String raw = all.toString(StandardCharsets.UTF_8);
            int split = raw.indexOf("\r\n\r\n");
            String head = split < 0 ? raw : raw.substring(0, split);
            String body = split < 0 ? "" : raw.substring(split + 4);
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body, raw);
        }
    }
}
