package io.tollgate.platform;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.identity.BearerFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Trusted JWT issuers and console SSO never make Tollgate call an internal address: refused when given, through the
 * API (422 naming the field) and the console (a readable sentence). The test profile allows loopback for its IdPs;
 * everything else internal stays refused, and so do Tollgate's own ports on loopback.
 */
@TollgateTest
class OutboundAddressPolicyTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    ConsoleClient owner;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Outbound").signUp(port);
    }

    @Test
    void a_trusted_issuer_on_an_internal_address_is_refused_naming_the_field() {
        assertRefused(trustIssuer("http://169.254.169.254/latest", null), "issuer", "link-local");
        assertRefused(trustIssuer("http://[::ffff:169.254.169.254]/", null), "issuer", "link-local");
        assertRefused(trustIssuer("http://10.1.2.3/", null), "issuer", "private");
        assertRefused(trustIssuer("https://login.example.com", "http://100.64.0.1/jwks"), "jwks_uri", "private");
        assertThat(owner.api("GET", "/v1/trusted-issuers").body()).doesNotContain("169.254").doesNotContain("10.1.2.3");
    }

    @Test
    void tollgates_own_ports_are_refused_even_where_loopback_is_allowed() {
        int managementPort = environment.getRequiredProperty("local.management.port", Integer.class);

        assertRefused(trustIssuer("http://127.0.0.1:" + port + "/v1", null), "issuer", "this Tollgate itself");
        assertRefused(trustIssuer("http://localhost:" + managementPort + "/actuator", null), "issuer",
                "this Tollgate itself");
        assertRefused(configureSso("http://127.0.0.1:" + managementPort), "issuer", "this Tollgate itself");
    }

    @Test
    void sso_with_an_internal_issuer_or_discovered_endpoint_is_refused_naming_the_issuer() throws IOException {
        assertRefused(configureSso("http://169.254.169.254"), "issuer", "link-local");

        AtomicInteger served = new AtomicInteger();
        HttpServer idp = discoveryServer(served, "http://169.254.169.254/token");
        try {
            String issuer = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realm";
            HttpResponse<String> refused = configureSso(issuer);

            assertRefused(refused, "issuer", "token_endpoint");
            assertThat(served).as("the discovery document was read").hasValue(1);
        } finally {
            idp.stop(0);
        }
        assertThat(owner.api("GET", "/v1/sso-configuration").statusCode()).isEqualTo(404);
    }

    @Test
    void the_console_explains_the_refusal_in_a_sentence() {
        Map<String, String> issuer = new LinkedHashMap<>();
        issuer.put("issuer", "http://169.254.169.254/latest");
        issuer.put("audience", "tollgate");
        issuer.put("principalType", "AGENT");
        HttpResponse<String> trusted = owner.submitForm("/app/settings/trusted-issuers",
                "/app/settings/trusted-issuers", issuer);

        assertThat(trusted.body()).contains("The issuer was not added.")
                .contains("Tollgate does not call 169.254.169.254: it is a link-local address.");

        Map<String, String> sso = new LinkedHashMap<>();
        sso.put("issuer", "http://10.20.30.40/realms/acme");
        sso.put("clientId", "tollgate");
        sso.put("clientSecret", "secret-" + UUID.randomUUID());
        sso.put("allowedDomains", "outbound-" + UUID.randomUUID().toString().substring(0, 8) + ".example");
        sso.put("defaultRole", "VIEWER");
        sso.put("enabled", "true");
        HttpResponse<String> configured = owner.submitForm("/app/settings/sso", "/app/settings/sso", sso);

        assertThat(configured.body()).contains("Tollgate does not call 10.20.30.40: it is a private network address.")
                .doesNotContain("Single sign-on settings saved.");
    }

    private HttpResponse<String> trustIssuer(String issuer, String jwksUri) {
        return owner.api("POST", "/v1/trusted-issuers", "application/json", "{\"issuer\":\"" + issuer
                + "\",\"audience\":\"tollgate\",\"principal_type\":\"AGENT\""
                + (jwksUri == null ? "" : ",\"jwks_uri\":\"" + jwksUri + "\"") + "}");
    }

    private HttpResponse<String> configureSso(String issuer) {
        return owner.api("PUT", "/v1/sso-configuration", "application/json", "{\"issuer\":\"" + issuer
                + "\",\"client_id\":\"tollgate\",\"client_secret\":\"secret-" + UUID.randomUUID()
                + "\",\"allowed_domains\":[\"outbound-" + UUID.randomUUID().toString().substring(0, 8)
                + ".example\"],\"default_role\":\"VIEWER\",\"jit_enabled\":true,\"sso_required\":false,"
                + "\"enabled\":true}");
    }

    static void assertRefused(HttpResponse<String> response, String field, String reason) {
        assertProblem(response, 422, "validation-failed");
        JsonNode error = json(response).get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo(field);
        assertThat(error.get("message").asString()).contains("Tollgate does not call").contains(reason);
    }

    /** An IdP on loopback whose discovery document is fine except for one internal endpoint. */
    private static HttpServer discoveryServer(AtomicInteger served, String tokenEndpoint) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/realm/.well-known/openid-configuration", exchange -> {
            served.incrementAndGet();
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/realm";
            byte[] body = ("{\"issuer\":\"" + base + "\",\"authorization_endpoint\":\"" + base + "/authorize\","
                    + "\"token_endpoint\":\"" + tokenEndpoint + "\",\"jwks_uri\":\"" + base + "/jwks\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
