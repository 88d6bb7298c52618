package io.tollgate.tenancy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.nimbusds.jose.JOSEObjectType;
import io.tollgate.support.BrowserTest;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * Single sign-on in a real browser against a real OIDC server (mock-oauth2-server, in-process on a free local
 * port): e-mail first, routed to the organisation's IdP by domain, back with the IdP's claims. Each sign-in
 * enqueues the claims the IdP answers with, so the IdP never asks interactively.
 */
@TollgateTest
class SsoBrowserTest extends BrowserTest {

    private static final String CLIENT_ID = "tollgate-console";

    static MockOAuth2Server idp;

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    TestAccounts account;
    ConsoleClient owner;
    String issuerId;
    String domain;
    BrowserContext context;
    Page page;
    StringBuilder consoleErrors;

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
        account = TestAccounts.fresh("Acmesso");
        owner = account.signUp(port);
        issuerId = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        domain = SsoFixtures.freshDomain("acme");
        context = newContext();
        page = context.newPage();
        consoleErrors = new StringBuilder();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors.append(message.text()).append('\n');
            }
        });
    }

    @AfterEach
    void closeBrowser() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void the_first_sign_in_makes_the_person_a_member_with_the_role_their_groups_map_to() throws SQLException {
        configure(false);
        String email = "alice-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domain;
        idpAnswers(email, true, List.of("engineering", "tollgate-admins"));

        page.navigate(url("/app/members"));
        assertThat(page).hasURL(url("/login"));
        page.getByLabel("E-mail address").fill(email);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();

        // Back where they were going; Spring's request cache marks the restored request with ?continue.
        assertThat(page).hasURL(Pattern.compile("/app/members(\\?continue)?$"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("Members");
        Locator row = page.locator("[data-testid=members-table] tbody tr").filter(
                new Locator.FilterOptions().setHasText(email));
        assertThat(row).containsText("Alice Admin");
        assertThat(row).containsText("Admin");
        assertThat(page.locator(".switcher-current")).containsText(account.organization());
        screenshot("sso-provisioned-member");
        org.assertj.core.api.Assertions.assertThat(roleInDatabase(email)).contains("ADMIN");
        org.assertj.core.api.Assertions.assertThat(passwordHashInDatabase(email)).as("no local password").isNull();
        String trail = SsoFixtures.json(owner.api("GET", "/v1/audit-events?limit=20")).get("data").toString();
        org.assertj.core.api.Assertions.assertThat(trail).contains("member.provisioned")
                .contains("auth.sign_in.succeeded");

        page.locator("[data-testid=sign-out]").click();
        assertThat(page).hasURL(url("/login?signedOut"));
        idpAnswers(email, true, List.of("engineering"));
        page.getByLabel("E-mail address").fill(email);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        assertThat(page).hasURL(url("/app"));
        org.assertj.core.api.Assertions.assertThat(roleInDatabase(email)).as("an existing member keeps their role")
                .contains("ADMIN");
        org.assertj.core.api.Assertions.assertThat(consoleErrors.toString()).isEmpty();
    }

    @Test
    void someone_whose_e_mail_domain_is_not_allowed_is_refused_with_a_clear_message() throws SQLException {
        configure(false);
        String foreign = "mallory@" + SsoFixtures.freshDomain("elsewhere");
        idpAnswers(foreign, true, List.of("tollgate-admins"));

        page.navigate(url("/login"));
        page.getByLabel("E-mail address").fill("mallory@" + domain);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();

        assertThat(page).hasURL(url("/login?sso"));
        assertThat(page.locator("[data-testid=sso-error]")).hasText(
                "Your e-mail domain is not allowed to sign in to " + account.organization() + ".");
        screenshot("sso-domain-refused");
        page.navigate(url("/app"));
        assertThat(page).hasURL(url("/login"));
        org.assertj.core.api.Assertions.assertThat(roleInDatabase(foreign)).isEmpty();
        org.assertj.core.api.Assertions.assertThat(
                SsoFixtures.json(owner.api("GET", "/v1/audit-events?limit=20")).get("data").toString())
                .contains("auth.sso.refused").contains("domain_not_allowed");
    }

    @Test
    void sso_required_sends_members_to_the_idp_and_refuses_their_password() throws SQLException {
        String email = "max-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domain;
        SsoFixtures.join(owner, port, email, "VIEWER");
        configure(true);

        page.navigate(url("/login"));
        page.getByLabel("E-mail address").fill(email);
        idpAnswers(email, true, List.of("tollgate-admins"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        assertThat(page).hasURL(url("/app"));
        org.assertj.core.api.Assertions.assertThat(roleInDatabase(email))
                .as("groups do not change an existing member's role").contains("VIEWER");
        page.locator("[data-testid=sign-out]").click();

        page.navigate(url("/login"));
        assertThat(page.locator("#password")).hasCount(0);
        screenshot("sign-in-email-step");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with a password")).click();
        page.getByLabel("E-mail address").fill(email);
        page.getByLabel("Password").fill(TestAccounts.STRONG_PASSWORD);
        screenshot("sign-in-password-step");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

        assertThat(page).hasURL(url("/login?ssoRequired"));
        assertThat(page.locator("[data-testid=sso-required]")).containsText("Your organisation requires single sign-on");
        assertThat(page.locator("#password")).hasCount(0);
        screenshot("sso-required-password-refused");
        page.navigate(url("/app"));
        assertThat(page).hasURL(url("/login"));
    }

    @Test
    void an_owner_sets_up_single_sign_on_on_the_settings_page() {
        page.navigate(url("/login?usePassword"));
        page.getByLabel("E-mail address").fill(account.email());
        page.getByLabel("Password").fill(account.password());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.navigate(url("/app/settings/organization"));
        page.locator("[data-testid=sso-link]").click();
        assertThat(page.locator("[data-testid=sso-status]")).containsText("not set up");
        org.assertj.core.api.Assertions.assertThat(page.locator("[data-testid=redirect-uri]").inputValue())
                .matches(Pattern.quote(url("/login/oauth2/code/t-")) + "[0-9a-f-]{36}");

        page.getByLabel("Issuer URL").fill(idp.issuerUrl(issuerId).toString());
        page.getByLabel("Client id").fill(CLIENT_ID);
        page.getByLabel("Allowed e-mail domains").fill("gmail.com");
        page.getByLabel("Group → role mappings").fill("tollgate-admins=ADMIN\nnot a mapping");
        page.locator("[data-testid=save-sso]").click();
        assertThat(page.locator("[data-testid=sso-form-errors]")).isVisible();
        assertThat(page.locator("#roleMappings-error")).containsText("Line 2");

        page.getByLabel("Group → role mappings").fill("tollgate-admins=ADMIN");
        page.getByLabel("Client secret", new Page.GetByLabelOptions().setExact(true)).fill("form-secret-value");
        page.locator("[data-testid=save-sso]").click();
        assertThat(page.locator("#allowedDomains-error")).containsText("public mailbox provider");
        assertThat(page.getByLabel("Client secret", new Page.GetByLabelOptions().setExact(true))).hasValue("");

        page.getByLabel("Allowed e-mail domains").fill(domain);
        page.getByLabel("Client secret", new Page.GetByLabelOptions().setExact(true)).fill("form-secret-value");
        page.locator("[data-testid=sso-jit]").check();
        page.locator("[data-testid=save-sso]").click();
        assertThat(page.locator("[data-testid=notice]")).containsText("Single sign-on settings saved");
        assertThat(page.locator("[data-testid=sso-status]")).containsText("On");
        assertThat(page.locator("[data-testid=sso-secret-status]")).containsText("stored encrypted");
        assertThat(page.getByLabel("Allowed e-mail domains")).hasValue(domain);
        org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain("form-secret-value");
        screenshot("sso-settings");
        org.assertj.core.api.Assertions.assertThat(consoleErrors.toString()).isEmpty();
    }

    private void configure(boolean required) {
        Map<String, Object> settings = SsoFixtures.settings(idp.issuerUrl(issuerId).toString(), CLIENT_ID,
                "client-secret-" + UUID.randomUUID(), List.of(domain));
        settings.put("sso_required", required);
        var response = SsoFixtures.put(owner, settings);
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** What the IdP puts into the next tokens it issues (ID token and userinfo alike). */
    private void idpAnswers(String email, boolean verified, List<String> groups) {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, "sub-" + email, JOSEObjectType.JWT.getType(),
                List.of(CLIENT_ID), Map.of("email", email, "email_verified", verified, "name", "Alice Admin",
                "groups", groups), 3600));
    }

    private Optional<String> roleInDatabase(String email) throws SQLException {
        try (Connection connection = Databases.of(environment).asSuperuser();
             PreparedStatement query = connection.prepareStatement("SELECT m.role FROM memberships m "
                     + "JOIN users u ON u.id = m.user_id WHERE lower(u.email) = lower(?) AND m.tenant_id = ?")) {
            query.setString(1, email);
            query.setObject(2, SsoFixtures.tenantOf(owner));
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private String passwordHashInDatabase(String email) throws SQLException {
        try (Connection connection = Databases.of(environment).asSuperuser();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT password_hash FROM users WHERE lower(email) = lower(?)")) {
            query.setString(1, email);
            try (ResultSet rs = query.executeQuery()) {
                org.assertj.core.api.Assertions.assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", name + ".png")));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
