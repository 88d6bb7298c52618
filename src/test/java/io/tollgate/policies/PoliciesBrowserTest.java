package io.tollgate.policies;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.tollgate.budgets.LedgerFixture;
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
 * Issue 14's walk through the console: write a rule in the editor, see the live validation error, fix it, publish,
 * make a reservation the rule denies, and read on the reservation's page which bundle and rule decided.
 */
@TollgateTest
class PoliciesBrowserTest extends BrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Test
    void an_owner_writes_a_rule_fixes_its_error_publishes_it_and_reads_why_a_reservation_was_denied() {
        BrowserContext context = newContext();
        Page page = context.newPage();
        StringBuilder consoleErrors = recordConsoleErrors(page);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "policies-" + suffix + "@example.com";
        signUp(page, "http://localhost:" + port + "/signup", "Policies Co " + suffix, "policies-" + suffix,
                "Policy Owner", email);
        ConsoleClient owner = new ConsoleClient(port);
        owner.signIn(email, TestAccounts.STRONG_PASSWORD);
        LedgerFixture fixture = new LedgerFixture(port, Databases.of(environment), owner);
        LedgerFixture.AgentKey agent = fixture.agent();

        page.locator("[data-testid=nav-policies]").click();
        assertThat(page.locator("h1")).hasText("Policies");
        page.locator("[data-testid=new-rule]").click();
        assertThat(page.locator("[data-testid=reference]")).containsText("request.estimated_usd");
        assertThat(page.locator("[data-testid=templates] li")).hasCount(8);
        page.getByLabel("Name").fill("No big requests");
        page.locator("[data-testid=rule-condition]").fill("request.estimated_usd > \"5\"");
        assertThat(page.locator("[data-testid=condition-error]")).containsText("Line 1, column");
        page.locator("[data-testid=rule-condition]").fill("request.estimated_usd > 5.0");
        assertThat(page.locator("[data-testid=condition-ok]")).hasText("The condition compiles.");
        page.locator("[data-testid=rule-effect]").selectOption("deny");
        page.locator("[data-testid=save-rule]").click();
        assertThat(page.locator("[data-testid=notice]")).containsText("is in the draft");
        assertThat(page.locator("[data-testid=rules]")).containsText("No big requests");

        page.locator("[data-testid=review-publish]").click();
        assertThat(page.locator("[data-testid=draft-valid]")).hasText("All 1 rules compile.");
        assertThat(page.locator("[data-testid=simulation-summary]")).isVisible();
        page.locator("[data-testid=publish]").click();
        assertThat(page.locator("[data-testid=version-title]")).hasText("v1");

        String denied = LedgerFixture.json(fixture.reserve(agent, "6")).get("id").asString();
        page.navigate("http://localhost:" + port + "/app/reservations/"
                + io.tollgate.platform.PrefixedId.parse("rsv", denied, "reservation"));
        assertThat(page.locator("[data-testid=reservation-state]")).hasText("denied");
        assertThat(page.locator("[data-testid=policy-explanation]"))
                .hasText("decided by bundle v1: rule No big requests matched (deny)");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", "reservation-policy.png")));
        page.locator("[data-testid=policy-explanation] a").click();
        assertThat(page.locator("[data-testid=version-title]")).hasText("v1");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Rules"))).isVisible();
        org.assertj.core.api.Assertions.assertThat(consoleErrors.toString()).isEmpty();
        context.close();
    }
}
