package io.tollgate.audit.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.tollgate.support.BrowserTest;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The audit log in a real browser: htmx filtering and chain verification under the strict CSP, then a detail. */
@TollgateTest
class AuditLogBrowserTest extends BrowserTest {

    @LocalServerPort
    int port;

    @Test
    void an_owner_filters_the_log_verifies_the_chain_and_reads_a_change() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        BrowserContext context = newContext();
        Page page = context.newPage();
        StringBuilder consoleErrors = recordConsoleErrors(page);
        signUp(page, url("/signup"), "Ledger Co " + suffix, "ledger-" + suffix, "Lena Ledger",
                "lena-" + suffix + "@example.com");
        page.navigate(url("/app/settings/organization"));
        page.locator("#name").fill("Ledger Renamed " + suffix);
        page.locator("[data-testid=save-organization]").click();
        assertThat(page.locator("body")).containsText("Organisation settings saved");

        page.navigate(url("/app/audit"));
        assertThat(page.locator("[data-testid=audit-table]")).containsText("organization.created");
        page.locator("#action").fill("organization.updated");
        page.locator("[data-testid=apply-filters]").click();
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*action=organization\\.updated.*"));
        assertThat(page.locator("[data-testid=audit-table]")).not().containsText("organization.created");
        assertThat(page.locator("[data-testid=audit-table]")).containsText("Lena Ledger");

        page.locator("[data-testid=verify-chain]").click();
        assertThat(page.locator("[data-testid=chain-intact]")).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "audit-log.png")));

        page.locator("[data-testid=audit-table] a").first().click();
        assertThat(page.locator("main")).containsText("Ledger Renamed " + suffix);
        assertThat(page.locator("main")).containsText("Ledger Co " + suffix);
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "audit-event.png")));
        page.navigate(url("/app/audit"));
        page.locator("[data-testid=retention-settings]").click();
        page.onDialog(dialog -> dialog.accept());
        page.locator("[data-testid=retention-days]").fill("29");
        page.locator("[data-testid=save-retention]").click();
        assertThat(page.locator("[data-testid=retention-days-error]")).isVisible();
        page.locator("[data-testid=retention-days]").fill("365");
        page.locator("[data-testid=legal-hold]").check();
        page.locator("[data-testid=save-retention]").click();
        assertThat(page.locator("body")).containsText("Audit retention settings saved.");
        // Read back from a fresh page, not the form that was just filled in.
        page.navigate(url("/app/audit/retention"));
        assertThat(page.locator("[data-testid=retention-days]")).hasValue("365");
        assertThat(page.locator("[data-testid=legal-hold]")).isChecked();
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "audit-retention.png")));
        org.assertj.core.api.Assertions.assertThat(consoleErrors.toString()).as("browser console errors").isEmpty();
        context.close();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
