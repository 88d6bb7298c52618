package io.tollgate.pricing;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.tollgate.support.BrowserTest;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Pricing page in a real browser under the strict CSP: htmx filtering, adding and deleting with a confirm. */
@TollgateTest
class PricingBrowserTest extends BrowserTest {

    @LocalServerPort
    int port;

    @Test
    void an_owner_filters_the_book_adds_an_override_and_deletes_it_after_confirming() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        BrowserContext context = newContext();
        Page page = context.newPage();
        StringBuilder consoleErrors = recordConsoleErrors(page);
        signUp(page, url("/signup"), "Prices Co " + suffix, "prices-" + suffix, "Pat Prices",
                "pat-" + suffix + "@example.com");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Pricing")).click();
        assertThat(page.locator("h1")).hasText("Pricing");
        page.locator("[data-testid=filter-provider]").fill("anthropic");
        page.locator("[data-testid=filter-model]").fill("sonnet-4-5");
        page.locator("[data-testid=apply-price-filters]").click();
        assertThat(page.locator("[data-testid=prices-table]")).containsText("claude-sonnet-4-5");
        assertThat(page.locator("[data-testid=prices-table]")).not().containsText("gpt-4o");
        org.assertj.core.api.Assertions.assertThat(page.url()).contains("provider=anthropic");

        page.locator("#override-provider").fill("anthropic");
        page.locator("#override-model").fill("claude-sonnet-4-5");
        page.locator("#override-class").selectOption("output");
        page.locator("#override-price").fill("12.75");
        page.locator("#override-from").fill("2026-01-01");
        page.locator("#override-note").fill("Committed use");
        page.locator("[data-testid=add-override]").click();
        assertThat(page.locator("[data-testid=notice]")).containsText("output costs 12.75 USD per 1M tokens");
        assertThat(page.locator("[data-testid=overrides-table]")).containsText("Committed use");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "pricing.png")));

        page.onceDialog(dialog -> dialog.dismiss());
        page.locator("[data-testid^=delete-override-]").first().click();
        assertThat(page.locator("[data-testid=overrides-table]")).containsText("Committed use");
        page.onceDialog(dialog -> dialog.accept());
        page.locator("[data-testid^=delete-override-]").first().click();
        assertThat(page.locator("[data-testid=notice]")).containsText("is deleted");
        assertThat(page.locator("[data-testid=no-overrides]")).isVisible();
        org.assertj.core.api.Assertions.assertThat(consoleErrors.toString()).isEmpty();
        context.close();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
