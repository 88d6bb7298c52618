package io.tollgate.budgets;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.tollgate.support.BrowserTest;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * The budgets pages and the reservations explorer in a real browser under the strict CSP: no inline style or
 * script, so bars and the burn chart are SVG attributes, and the browser logs no errors.
 */
@TollgateTest
class BudgetsBrowserTest extends BrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void an_owner_creates_a_budget_sees_its_bar_and_opens_its_burn_chart() {
        BrowserContext context = newContext();
        Page page = context.newPage();
        StringBuilder consoleErrors = recordConsoleErrors(page);
        LedgerFixture fixture = signUp(page, "Burn");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Budgets").setExact(true)).click();
        assertThat(page.locator("h1")).hasText("Budgets");
        assertThat(page.locator("[data-testid=no-budgets]")).isVisible();
        page.locator("[data-testid=new-budget]").click();
        page.getByLabel("Name").fill("Whole org monthly");
        page.getByLabel("Covers").selectOption("org");
        page.getByLabel("Period").selectOption("monthly");
        page.getByLabel("Limit (USD)").fill("abc");
        page.locator("[data-testid=save-budget]").click();
        assertThat(page.locator("[data-testid=form-errors]")).containsText("The budget was not created.");
        assertThat(page.locator("#budget-limit")).hasAttribute("aria-invalid", "true");
        page.getByLabel("Limit (USD)").fill("100");
        page.getByLabel("Alert thresholds (% of the limit, optional)").fill("50, 80");
        page.locator("[data-testid=save-budget]").click();
        assertThat(page.locator("[data-testid=notice]")).containsText("is created");
        assertThat(page.locator("[data-testid=burn-chart]")).isVisible();

        LedgerFixture.AgentKey agent = fixture.agent();
        String spent = LedgerFixture.json(fixture.reserve(agent, "70")).get("id").asString();
        fixture.commit(agent, spent, "60");
        fixture.reserve(agent, "10");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Budgets").setExact(true)).click();
        assertThat(page.locator("[data-testid=bar-spent]").first()).containsText("$60.00");
        assertThat(page.locator("[data-testid=bar-held]").first()).containsText("$10.00");
        assertThat(page.locator("[data-testid=bar-remaining]").first()).containsText("$30.00");
        assertThat(page.locator(".spend").first()).hasAttribute("data-level", "warn");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "budgets-list.png")));

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Whole org monthly")).click();
        assertThat(page.locator("[data-testid=budget-name]")).hasText("Whole org monthly");
        assertThat(page.locator("[data-testid=burn-spent]")).isVisible();
        assertThat(page.locator("[data-testid=burn-limit]")).hasCount(1);
        assertThat(page.locator("[data-testid=burn-forecast]")).hasCount(1);
        assertThat(page.locator("[data-testid=chart-spent]")).hasText("$60.00");
        assertThat(page.locator("[data-testid=reservations-table]")).containsText(spent);
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "budget-burn.png")));

        page.locator("[data-testid=delete-budget]").click();
        assertThat(page.locator("h1")).hasText("Delete this budget?");
        page.locator("[data-testid=confirm-delete]").click();
        assertThat(page.locator("[data-testid=notice]")).containsText("is deleted");
        org.assertj.core.api.Assertions.assertThat(consoleErrors.toString()).isEmpty();
        context.close();
    }

    @Test
    void the_explorer_filters_by_state_and_opens_a_reservations_timeline() {
        BrowserContext context = newContext();
        Page page = context.newPage();
        StringBuilder consoleErrors = recordConsoleErrors(page);
        LedgerFixture fixture = signUp(page, "Explore");
        LedgerFixture.AgentKey agent = fixture.agent();
        fixture.budget("org", null, "monthly", "100", true, "");
        String committed = LedgerFixture.json(fixture.reserve(agent, "3")).get("id").asString();
        fixture.commit(agent, committed, "2.5");
        String active = LedgerFixture.json(fixture.reserve(agent, "1")).get("id").asString();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Reservations").setExact(true)).click();
        assertThat(page.locator("h1")).hasText("Reservations");
        assertThat(page.locator("[data-testid=reservations-table]")).containsText(active);
        page.locator("[data-testid=filter-state]").selectOption("committed");
        page.locator("[data-testid=apply-reservation-filters]").click();
        assertThat(page.locator("[data-testid=reservations-table]")).not().containsText(active);
        assertThat(page.locator("[data-testid=reservations-table]")).containsText(committed);
        org.assertj.core.api.Assertions.assertThat(page.url()).contains("state=committed");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "reservations-explorer.png")));

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(committed)).click();
        assertThat(page.locator("[data-testid=reservation-id]")).hasText(committed);
        assertThat(page.locator("[data-testid=reservation-state]")).hasText("committed");
        assertThat(page.locator("[data-testid=timeline] [data-kind=hold]")).containsText("Held $3.00");
        assertThat(page.locator("[data-testid=timeline] [data-kind=commit]")).containsText("Committed $2.50");
        assertThat(page.locator("[data-testid=timeline] [data-kind=committed]")).containsText("Committed at $2.50");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "reservation-timeline.png")));
        org.assertj.core.api.Assertions.assertThat(consoleErrors.toString()).isEmpty();
        context.close();
    }

    /** Signs up in the browser, and signs the same owner in over HTTP to set up agents, keys and spend. */
    private LedgerFixture signUp(Page page, String label) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = label.toLowerCase() + "-" + suffix + "@example.com";
        signUp(page, "http://localhost:" + port + "/signup", label + " Co " + suffix, label.toLowerCase() + "-"
                + suffix, label + " Owner", email);
        assertThat(page.locator("[data-testid=current-organization]")).isVisible();
        ConsoleClient owner = new ConsoleClient(port);
        owner.signIn(email, TestAccounts.STRONG_PASSWORD);
        return new LedgerFixture(port, Databases.of(environment), owner);
    }
}
