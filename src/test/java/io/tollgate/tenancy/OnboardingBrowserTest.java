package io.tollgate.tenancy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.tollgate.support.BrowserTest;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole first day in a real browser: sign up, sign out, sign in, rename the organisation, invite a second
 * person, who accepts and switches between their organisations.
 */
@TollgateTest
class OnboardingBrowserTest extends BrowserTest {

    @LocalServerPort
    int port;

    @Test
    void sign_up_sign_in_rename_invite_accept_and_switch_tenant() {
        TestAccounts owner = TestAccounts.fresh("Acme");
        TestAccounts second = TestAccounts.fresh("Globex");

        BrowserContext ownerContext = newContext();
        Page page = ownerContext.newPage();
        page.navigate(url("/app"));
        assertThat(page).hasURL(url("/login"));

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create an organisation")).click();
        page.getByLabel("Organisation name").fill(owner.organization());
        page.locator("#slug").fill(owner.slug());
        page.getByLabel("Your name").fill(owner.name());
        page.locator("#email").fill(owner.email());
        page.locator("#password").fill(owner.password());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create organisation")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .containsText(owner.organization());

        page.locator("[data-testid=sign-out]").click();
        assertThat(page).hasURL(url("/login?signedOut"));

        page.locator("#email").fill(owner.email());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        assertThat(page.locator("#email")).hasValue(owner.email());
        page.locator("#password").fill(owner.password());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .containsText(owner.organization());

        page.navigate(url("/app/settings/organization"));
        page.locator("#name").fill("Acme Renamed " + owner.slug());
        page.locator("[data-testid=save-organization]").click();
        assertThat(page.locator("body")).containsText("Organisation settings saved");
        assertThat(page.locator("#name")).hasValue("Acme Renamed " + owner.slug());

        page.navigate(url("/app/members"));
        page.locator("#invite-panel #email").fill(second.email());
        page.locator("#invite-panel #role").selectOption("ADMIN");
        page.locator("[data-testid=invite]").click();
        String link = page.locator("[data-testid=invitation-link]").inputValue();
        org.assertj.core.api.Assertions.assertThat(link).startsWith(url("/invitations/"));
        assertThat(page.locator("[data-testid=invitations-table]")).containsText(second.email());
        screenshot(page, "members-with-invitation");

        BrowserContext secondContext = newContext();
        Page invitee = secondContext.newPage();
        invitee.navigate(url("/signup"));
        invitee.getByLabel("Organisation name").fill(second.organization());
        invitee.locator("#slug").fill(second.slug());
        invitee.getByLabel("Your name").fill(second.name());
        invitee.locator("#email").fill(second.email());
        invitee.locator("#password").fill(second.password());
        invitee.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create organisation")).click();
        assertThat(invitee.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .containsText(second.organization());

        invitee.navigate(link);
        assertThat(invitee.locator("body")).containsText("Acme Renamed " + owner.slug());
        invitee.locator("[data-testid=accept-invitation]").click();
        assertThat(invitee.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .containsText("Acme Renamed " + owner.slug());

        invitee.locator("[data-testid=switch-" + second.slug() + "]").click();
        assertThat(invitee.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .containsText(second.organization());
        screenshot(invitee, "switched-tenant");

        invitee.navigate(url("/app/members"));
        assertThat(invitee.locator("body")).not().containsText(owner.email());
        page.navigate(url("/app/members"));
        assertThat(page.locator("main")).containsText(second.email());
        ownerContext.close();
        secondContext.close();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", name + ".png")));
    }
}
