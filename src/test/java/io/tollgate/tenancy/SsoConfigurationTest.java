package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import com.nimbusds.jose.JOSEObjectType;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * The SSO configuration over HTTP: validation, the secret never given back nor stored in plain text, a domain
 * claimed by one organisation only, optimistic writes, and the sign-in page's routing and "SSO required" refusal.
 * The IdP is a real OIDC server (mock-oauth2-server) on a local port, so discovery is genuine.
 */
@TollgateTest
@ExtendWith(OutputCaptureExtension.class)
class SsoConfigurationTest {

    static MockOAuth2Server idp;

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    TestAccounts account;
    ConsoleClient owner;
    String issuer;
    String domain;

    @BeforeAll
    static void startIdp() {
        idp = new MockOAuth2Server();
        idp.start();
    }

    @AfterAll
    static void stopIdp() {
        idp.shutdown();
    }

    @BeforeEach
    void setUp() {
        account = TestAccounts.fresh("Sso");
        owner = account.signUp(port);
        issuer = idp.issuerUrl("acme-" + UUID.randomUUID().toString().substring(0, 8)).toString();
        domain = SsoFixtures.freshDomain("acme");
    }

    @Test
    void the_client_secret_is_never_given_back_nor_stored_or_logged_in_plain_text(CapturedOutput output)
            throws SQLException {
        String secret = "sso-client-secret-" + UUID.randomUUID();

        HttpResponse<String> created = SsoFixtures.put(owner, SsoFixtures.settings(issuer, "tollgate-app", secret,
                List.of(domain)));
        HttpResponse<String> read = owner.api("GET", "/v1/sso-configuration");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode body = SsoFixtures.json(read);
        assertThat(body.get("client_secret_set").asBoolean()).isTrue();
        assertThat(body.get("client_secret_storage").asString()).isEqualTo("encrypted");
        assertThat(body.has("client_secret")).isFalse();
        assertThat(body.get("registration_id").asString()).isEqualTo("t-" + SsoFixtures.tenantOf(owner));
        assertThat(body.get("redirect_uri").asString())
                .isEqualTo("http://localhost:" + port + "/login/oauth2/code/t-" + SsoFixtures.tenantOf(owner));
        assertThat(body.get("role_mappings").get("tollgate-admins").asString()).isEqualTo("ADMIN");
        assertThat(created.body() + read.body()).doesNotContain(secret);
        assertThat(owner.get("/app/settings/sso").body()).contains(issuer).doesNotContain(secret);

        assertThat(ciphertextOf(SsoFixtures.tenantOf(owner))).isNotEmpty();
        String dump = dumpEveryTable();
        assertThat(dump).contains(issuer).contains("sso.configured").doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void a_second_save_without_a_secret_keeps_the_stored_one_and_a_new_one_replaces_it() throws SQLException {
        var settings = SsoFixtures.settings(issuer, "tollgate-app", "first-secret-" + UUID.randomUUID(),
                List.of(domain));
        SsoFixtures.put(owner, settings);
        byte[] first = ciphertextOf(SsoFixtures.tenantOf(owner));

        settings.remove("client_secret");
        settings.put("default_role", "ANALYST");
        HttpResponse<String> kept = SsoFixtures.put(owner, settings);
        byte[] afterKeep = ciphertextOf(SsoFixtures.tenantOf(owner));
        settings.put("client_secret", "second-secret-" + UUID.randomUUID());
        SsoFixtures.put(owner, settings);

        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(SsoFixtures.json(kept).get("default_role").asString()).isEqualTo("ANALYST");
        assertThat(afterKeep).isEqualTo(first);
        assertThat(ciphertextOf(SsoFixtures.tenantOf(owner))).isNotEqualTo(first);
    }

    @Test
    void invalid_settings_are_refused_naming_the_field() {
        Map<String, String> expectedField = new java.util.LinkedHashMap<>();
        List<Map<String, Object>> bodies = new ArrayList<>();
        bodies.add(with("issuer", "ftp://idp.example/"));
        expectedField.put("ftp issuer", "issuer");
        bodies.add(with("allowed_domains", List.of("not a domain")));
        expectedField.put("bad domain", "allowed_domains");
        bodies.add(with("allowed_domains", List.of("gmail.com")));
        expectedField.put("public mailbox domain", "allowed_domains");
        bodies.add(with("role_mappings", Map.of("admins", "OWNER")));
        expectedField.put("mapping to OWNER", "role_mappings");
        bodies.add(with("default_role", "OWNER"));
        expectedField.put("default OWNER", "default_role");
        bodies.add(with("client_secret_ref", "vault:secret/tollgate/sso/acme#client_secret"));
        expectedField.put("secret and reference", "client_secret");
        Map<String, Object> noSecret = with("client_secret", null);
        bodies.add(noSecret);
        expectedField.put("no secret on create", "client_secret");
        bodies.add(with("groups_claim", "groups claim with spaces"));
        expectedField.put("groups claim", "groups_claim");

        List<String> labels = List.copyOf(expectedField.keySet());
        for (int i = 0; i < bodies.size(); i++) {
            HttpResponse<String> response = SsoFixtures.put(owner, bodies.get(i));
            assertThat(response.statusCode()).as(labels.get(i) + ": " + response.body()).isEqualTo(422);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(SsoFixtures.json(response).get("errors").get(0).get("field").asString())
                    .as(labels.get(i)).isEqualTo(expectedField.get(labels.get(i)));
        }
        assertThat(owner.api("GET", "/v1/sso-configuration").statusCode()).isEqualTo(404);
    }

    @Test
    void enabling_needs_a_working_discovery_document_but_a_disabled_configuration_is_kept_unchecked()
            throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> unreachable = with("issuer", "http://localhost:" + closedPort + "/nowhere");

        HttpResponse<String> enabled = SsoFixtures.put(owner, unreachable);
        unreachable.put("enabled", false);
        HttpResponse<String> disabled = SsoFixtures.put(owner, unreachable);

        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(422);
        assertThat(SsoFixtures.json(enabled).get("errors").get(0).get("message").asString())
                .contains("/.well-known/openid-configuration");
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(201);
    }

    @Test
    void a_domain_is_claimed_by_one_organisation_only_until_it_lets_go() {
        ConsoleClient other = TestAccounts.fresh("SsoOther").signUp(port);
        SsoFixtures.put(owner, SsoFixtures.settings(issuer, "app", "secret-" + UUID.randomUUID(), List.of(domain)));

        HttpResponse<String> conflict = SsoFixtures.put(other, SsoFixtures.settings(issuer, "app",
                "secret-" + UUID.randomUUID(), List.of(SsoFixtures.freshDomain("own"), domain.toUpperCase())));
        int otherAfterConflict = other.api("GET", "/v1/sso-configuration").statusCode();
        HttpResponse<String> removed = owner.api("DELETE", "/v1/sso-configuration");
        HttpResponse<String> claimed = SsoFixtures.put(other, SsoFixtures.settings(issuer, "app",
                "secret-" + UUID.randomUUID(), List.of(domain)));

        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(SsoFixtures.json(conflict).get("errors").get(0).get("field").asString())
                .isEqualTo("allowed_domains");
        assertThat(conflict.body()).contains(domain).doesNotContain(account.organization());
        assertThat(otherAfterConflict).as("nothing of the refused write is kept").isEqualTo(404);
        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(owner.api("GET", "/v1/sso-configuration").statusCode()).isEqualTo(404);
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
    }

    @Test
    void a_write_based_on_a_stale_version_is_refused() {
        HttpResponse<String> created = SsoFixtures.put(owner, SsoFixtures.settings(issuer, "app",
                "secret-" + UUID.randomUUID(), List.of(domain)));
        String etag = created.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> fresh = send(owner, "PUT", with("client_id", "renamed"), etag);
        HttpResponse<String> stale = send(owner, "PUT", with("client_id", "stale"), etag);

        assertThat(etag).isEqualTo("\"v0\"");
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        assertThat(fresh.headers().firstValue("ETag")).contains("\"v1\"");
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(SsoFixtures.json(owner.api("GET", "/v1/sso-configuration")).get("client_id").asString())
                .isEqualTo("renamed");
    }

    @Test
    void the_sign_in_page_routes_an_sso_domain_to_its_idp_and_other_e_mails_to_the_password_step() throws Exception {
        SsoFixtures.put(owner, SsoFixtures.settings(issuer, "app", "secret-" + UUID.randomUUID(), List.of(domain)));
        UUID tenant = SsoFixtures.tenantOf(owner);

        HttpResponse<String> routed = continueWith("Alice@" + domain.toUpperCase());
        HttpResponse<String> local = continueWith("someone-" + UUID.randomUUID() + "@example.com");
        HttpResponse<String> idpRedirect = followOnce(routed);

        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(routed.body()).doesNotContain("type=\"password\"");
        assertThat(refreshTarget(routed)).isEqualTo("/oauth2/authorization/t-" + tenant + "?login_hint=Alice%40"
                + domain.toUpperCase());
        assertThat(idpRedirect.statusCode()).isEqualTo(302);
        String authorize = java.net.URLDecoder.decode(idpRedirect.headers().firstValue("Location").orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(authorize).startsWith(issuer + "/authorize?").contains("client_id=app")
                .contains("scope=openid email profile").contains("code_challenge=")
                .contains("code_challenge_method=S256").contains("nonce=").contains("login_hint=")
                .contains("redirect_uri=http://localhost:" + port + "/login/oauth2/code/t-" + tenant);
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.body()).contains("data-testid=\"password-step\"").contains("type=\"password\"");
    }

    @Test
    void sso_required_refuses_password_sign_in_for_members_but_an_owner_can_still_get_in() throws Exception {
        TestAccounts domainOwner = new TestAccounts(account.organization() + " D", "d" + account.slug(),
                "Dora Owner", "dora@" + domain, TestAccounts.STRONG_PASSWORD);
        ConsoleClient dora = domainOwner.signUp(port);
        ConsoleClient member = SsoFixtures.join(dora, port, "max@" + domain, "ADMIN");
        String outsider = "olga-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        SsoFixtures.join(dora, port, outsider, "VIEWER");
        assertThat(member.get("/app/members").uri().getPath()).as("a password works before").isEqualTo("/app/members");
        Map<String, Object> settings = SsoFixtures.settings(issuer, "app", "secret-" + UUID.randomUUID(),
                List.of(domain));
        settings.put("sso_required", true);
        assertThat(SsoFixtures.put(dora, settings).statusCode()).isEqualTo(201);

        HttpResponse<String> maxSignsIn = new ConsoleClient(port).signIn("max@" + domain, TestAccounts.STRONG_PASSWORD);
        HttpResponse<String> olgaSignsIn = new ConsoleClient(port).signIn(outsider, TestAccounts.STRONG_PASSWORD);
        ConsoleClient doraAgain = new ConsoleClient(port);
        HttpResponse<String> doraSignsIn = doraAgain.signIn("dora@" + domain, TestAccounts.STRONG_PASSWORD);
        HttpResponse<String> continueStep = continueWith("max@" + domain);

        assertThat(maxSignsIn.uri().toString()).endsWith("/login?ssoRequired");
        assertThat(maxSignsIn.body()).contains("Your organisation requires single sign-on");
        assertThat(olgaSignsIn.uri().toString()).as("a member from another domain").endsWith("/login?ssoRequired");
        assertThat(doraSignsIn.uri().getPath()).as("break-glass owner").isEqualTo("/app");
        assertThat(doraAgain.get("/app/settings/sso").body()).contains(issuer);
        assertThat(continueStep.statusCode()).isEqualTo(200);
        assertThat(refreshTarget(continueStep)).startsWith("/oauth2/authorization/t-" + SsoFixtures.tenantOf(dora));
        assertThat(continueStep.body()).doesNotContain("type=\"password\"");
        assertThat(SsoFixtures.json(dora.api("GET", "/v1/audit-events?limit=50")).get("data").toString())
                .contains("auth.sso.refused").contains("password_sign_in");
    }

    @Test
    void an_sso_session_works_only_in_the_organisation_whose_idp_vouched_for_the_person() {
        String issuerId = issuer.substring(issuer.lastIndexOf('/') + 1);
        SsoFixtures.put(owner, SsoFixtures.settings(issuer, "app", "secret-" + UUID.randomUUID(), List.of(domain)));
        TestAccounts elsewhere = TestAccounts.fresh("SsoElsewhere");
        ConsoleClient otherOwner = elsewhere.signUp(port);
        String email = "pat-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domain;
        SsoFixtures.join(otherOwner, port, email, "ADMIN");
        UUID other = SsoFixtures.tenantOf(otherOwner);

        ConsoleClient pat = new ConsoleClient(port);
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, "pat", JOSEObjectType.JWT.getType(),
                List.of("app"), Map.of("email", email, "email_verified", true, "groups", List.of("finance")), 3600));
        HttpResponse<String> landed = ssoSignIn(pat, email);
        HttpResponse<String> switched = pat.postForm("/app/organizations/switch", Map.of("tenantId", other.toString(),
                "_csrf", ConsoleClient.csrfFrom(pat.get("/app/organizations").body())));

        assertThat(landed.uri().getPath()).as(landed.body()).isEqualTo("/app");
        assertThat(SsoFixtures.tenantOf(pat)).isEqualTo(SsoFixtures.tenantOf(owner));
        assertThat(SsoFixtures.json(pat.api("GET", "/v1/members")).toString()).contains("APPROVER");
        assertThat(switched.uri().getPath()).isEqualTo("/app/organizations");
        assertThat(switched.body()).contains("which opens that organisation only");
        assertThat(SsoFixtures.tenantOf(pat)).as("still working where the IdP vouched")
                .isEqualTo(SsoFixtures.tenantOf(owner));
        assertThat(pat.get("/app").body()).doesNotContain("switch-" + elsewhere.slug());
    }

    @Test
    void an_unverified_e_mail_and_a_stranger_without_jit_are_refused_and_nothing_is_created() throws SQLException {
        String issuerId = issuer.substring(issuer.lastIndexOf('/') + 1);
        Map<String, Object> settings = SsoFixtures.settings(issuer, "app", "secret-" + UUID.randomUUID(),
                List.of(domain));
        settings.put("jit_enabled", false);
        SsoFixtures.put(owner, settings);
        String unverified = "una@" + domain;
        String stranger = "sam@" + domain;

        idp.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, "una", JOSEObjectType.JWT.getType(),
                List.of("app"), Map.of("email", unverified, "email_verified", false), 3600));
        HttpResponse<String> unverifiedLanded = ssoSignIn(new ConsoleClient(port), unverified);
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, "sam", JOSEObjectType.JWT.getType(),
                List.of("app"), Map.of("email", stranger, "email_verified", true), 3600));
        HttpResponse<String> strangerLanded = ssoSignIn(new ConsoleClient(port), stranger);

        assertThat(unverifiedLanded.uri().toString()).endsWith("/login?sso");
        assertThat(unverifiedLanded.body()).contains("Your e-mail address is not verified at your identity provider");
        assertThat(strangerLanded.uri().toString()).endsWith("/login?sso");
        assertThat(strangerLanded.body()).contains("You are not a member of " + account.organization());
        try (Connection connection = Databases.of(environment).asSuperuser();
             PreparedStatement users = connection.prepareStatement("SELECT count(*) FROM users WHERE email IN (?, ?)")) {
            users.setString(1, unverified);
            users.setString(2, stranger);
            try (ResultSet rs = users.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("accounts made for refused people").isZero();
            }
        }
        assertThat(SsoFixtures.json(owner.api("GET", "/v1/members")).toString()).doesNotContain(stranger);
    }

    @Test
    void an_unusable_idp_sends_the_person_back_to_sign_in_with_a_message_not_an_error() throws Exception {
        SsoFixtures.put(owner, SsoFixtures.settings(issuer, "app", "secret-" + UUID.randomUUID(), List.of(domain)));
        UUID tenant = SsoFixtures.tenantOf(owner);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Connection connection = Databases.of(environment).asSuperuser();
             PreparedStatement broken = connection.prepareStatement("UPDATE sso_configurations SET issuer = ?, "
                     + "version = version + 1 WHERE tenant_id = ?")) {
            broken.setString(1, "http://localhost:" + closedPort + "/gone");
            broken.setObject(2, tenant);
            assertThat(broken.executeUpdate()).isEqualTo(1);
        }

        HttpResponse<String> brokenIdp = new ConsoleClient(port).get("/oauth2/authorization/t-" + tenant);
        HttpResponse<String> unknown = new ConsoleClient(port).get("/oauth2/authorization/t-" + UUID.randomUUID());

        for (HttpResponse<String> response : List.of(brokenIdp, unknown)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.uri().toString()).endsWith("/login?sso");
            assertThat(response.body()).contains("Single sign-on for this organisation is not available right now");
        }
    }

    /** E-mail step, then the hand-over page's target, followed through the IdP and back. */
    private HttpResponse<String> ssoSignIn(ConsoleClient client, String email) {
        HttpResponse<String> handOver = client.submitForm("/login", "/login/continue", Map.of("email", email));
        return client.get(refreshTarget(handOver));
    }

    private Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = SsoFixtures.settings(issuer, "app", "secret-" + UUID.randomUUID(),
                List.of(domain));
        body.put(field, value);
        return body;
    }

    private HttpResponse<String> send(ConsoleClient client, String method, Map<String, Object> body, String ifMatch) {
        return client.send(client.apiRequest(method, "/v1/sso-configuration", "application/json",
                HttpRequest.BodyPublishers.ofString(SsoFixtures.JSON.writeValueAsString(body)))
                .header("If-Match", ifMatch).build());
    }

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** The e-mail step as a browser posts it, without following the redirect it may answer with. */
    private HttpResponse<String> continueWith(String email) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base() + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String form = "email=" + ConsoleClient.urlEncode(email) + "&_csrf="
                + ConsoleClient.urlEncode(ConsoleClient.csrfFrom(page.body()));
        return browser.send(HttpRequest.newBuilder(URI.create(base() + "/login/continue"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Where the "continuing to your IdP" page moves on to (its meta refresh). */
    private static String refreshTarget(HttpResponse<String> page) {
        java.util.regex.Matcher refresh = java.util.regex.Pattern
                .compile("<meta http-equiv=\"refresh\" content=\"0;url=([^\"]+)\"").matcher(page.body());
        assertThat(refresh.find()).as("a meta refresh in " + page.body()).isTrue();
        return refresh.group(1);
    }

    private HttpResponse<String> followOnce(HttpResponse<String> page) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base() + refreshTarget(page))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private byte[] ciphertextOf(UUID tenant) throws SQLException {
        try (Connection connection = Databases.of(environment).asSuperuser();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT client_secret_ciphertext FROM sso_configurations WHERE tenant_id = ?")) {
            query.setObject(1, tenant);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    /** Every row of every table in the public schema as text, like a plain-SQL dump's data section. */
    private String dumpEveryTable() throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection connection = Databases.of(environment).asSuperuser();
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("sso_configurations", "sso_domain_routes", "audit_events");
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
