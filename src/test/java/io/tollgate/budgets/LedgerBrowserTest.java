package io.tollgate.budgets;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.tollgate.budgets.LedgerFixture.json;

import java.nio.file.Path;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.tollgate.support.BrowserTest;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** The Usage & disputes pages in a real browser under the strict CSP: open a dispute, resolve it with a refund. */
@TollgateTest
class LedgerBrowserTest extends BrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void an_owner_disputes_a_line_and_resolves_it_with_a_refund_after_confirming() {
        LedgerFixture fixture = new LedgerFixture(port, Databases.of(environment), "LedgerBrowser");
        LedgerFixture.AgentKey agent = fixture.agent();
        String reservation = json(fixture.reserve(agent, "2")).get("id").asString();
        org.assertj.core.api.Assertions.assertThat(fixture.commit(agent, reservation, "1.25").statusCode()).isEqualTo(200);
        String line = json(fixture.owner.api("GET", "/v1/usage-lines")).get("data").get(0).get("id").asString();

        BrowserContext context = newContext();
        Page page = context.newPage();
        StringBuilder consoleErrors = recordConsoleErrors(page);
        page.navigate(url("/login"));
        page.locator("#email").fill(fixture.account.email());
        page.locator("[data-testid=continue]").click();
        page.locator("#password").fill(fixture.account.password());
        page.locator("[data-testid=sign-in]").click();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Usage & disputes")).click();
        assertThat(page.locator("h1")).hasText("Usage & disputes");
        assertThat(page.locator("[data-testid=usage-lines]")).containsText("1.25");
        page.locator("[data-testid=line-" + line + "]").click();
        assertThat(page.locator("[data-testid=line-id]")).hasText(line);

        page.locator("[data-testid=dispute-reason]").fill("Billed twice for one call");
        page.locator("[data-testid=open-dispute]").click();
        assertThat(page.locator("[data-testid=notice]")).hasText("A dispute on this line is open.");

        page.locator("[data-testid=outcome-upheld]").check();
        page.locator("[data-testid=resolution]").fill("The invoice shows one call");
        page.locator("[data-testid=resolve-refund]").fill("0.25");
        page.onceDialog(dialog -> dialog.dismiss());
        page.locator("[data-testid=resolve-dispute]").click();
        assertThat(page.locator("[data-testid=net]")).hasText("1.25 USD");
        page.onceDialog(dialog -> dialog.accept());
        page.locator("[data-testid=resolve-dispute]").click();
        assertThat(page.locator("[data-testid=notice]")).containsText("resolved as upheld; 0.25 USD refunded");
        assertThat(page.locator("[data-testid=net]")).hasText("1.00 USD");
        assertThat(page.locator("[data-testid=line-adjustments]")).containsText("Dispute upheld");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "usage-line.png")));
        org.assertj.core.api.Assertions.assertThat(consoleErrors.toString()).isEmpty();
        context.close();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
