package io.tollgate.identity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.tollgate.support.BrowserTest;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** An owner issues, uses, rotates and revokes an API key in a real browser under the strict CSP. */
@TollgateTest
class ApiKeysBrowserTest extends BrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void an_owner_issues_a_key_sees_it_once_and_revokes_it() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        BrowserContext context = newContext();
        Page page = context.newPage();
        StringBuilder consoleErrors = recordConsoleErrors(page);
        signUp(page, url("/signup"), "Keys Co " + suffix, "keys-" + suffix, "Kim Keys",
                "kim-" + suffix + "@example.com");
        String orgId = page.request().get(url("/v1/organization")).text().replaceAll(".*\"id\":\"(org_[0-9a-f]+)\".*", "$1");
        var fixtures = new BearerFixtures(port, Databases.of(environment));
        var agent = fixtures.agentIn(io.tollgate.platform.PrefixedId.parse("org", orgId, "organization"));

        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                new Page.GetByRoleOptions().setName("API keys")).click();
        page.getByLabel("Agent").selectOption(agent.id().toString());
        page.getByLabel("Name").fill("browser bot");
        page.locator("[data-testid='scope-read']").check();
        page.locator("[data-testid=issue-key]").click();

        assertThat(page.locator("[data-testid=api-key-secret]")).hasValue(
                java.util.regex.Pattern.compile("tg_live_[a-z0-9]{16}_[A-Za-z0-9_-]{43}"));
        String secret = page.locator("[data-testid=api-key-secret]").inputValue();
        org.assertj.core.api.Assertions.assertThat(fixtures.call(secret, "GET", "/v1/organization").statusCode())
                .isEqualTo(200);
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "api-key-issued.png")));

        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Done")).click();
        assertThat(page.locator("[data-testid=keys-table]")).containsText("browser bot");
        assertThat(page.locator("[data-testid=keys-table]")).not().containsText(secret.substring(25));
        page.onDialog(dialog -> dialog.accept());
        page.locator("[data-testid^=revoke-]").first().click();
        assertThat(page.locator("[data-testid=notice]")).containsText("is revoked");
        assertThat(page.locator("[data-testid^=status-]").first()).hasText("Revoked");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "api-keys.png")));
        org.assertj.core.api.Assertions.assertThat(fixtures.call(secret, "GET", "/v1/organization").statusCode())
                .isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(consoleErrors.toString()).isEmpty();
        context.close();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
