package io.tollgate.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One chromium per browser test class (see {@link Browsers}); subclasses open a context per test with
 * {@link #newContext()}. An uncaught script error on any page of those contexts fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserTest {

    private Playwright playwright;
    private Browser browser;
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startBrowser() {
        playwright = Browsers.playwright();
        browser = Browsers.launch(playwright);
    }

    /** A fresh browser context whose pages report uncaught script errors to this test. */
    protected BrowserContext newContext() {
        BrowserContext context = browser.newContext();
        context.onPage(page -> page.onPageError(error -> pageErrors.add(page.url() + ": " + error)));
        return context;
    }

    @AfterEach
    void noUncaughtPageErrors() {
        List<String> errors = List.copyOf(pageErrors);
        pageErrors.clear();
        assertThat(errors).as("uncaught script errors in the pages").isEmpty();
    }

    /** Collects what the page logs as errors in the browser console (CSP violations among them). */
    protected static StringBuilder recordConsoleErrors(Page page) {
        StringBuilder errors = new StringBuilder();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                errors.append(message.text()).append('\n');
            }
        });
        return errors;
    }

    /** Creates an organisation through the sign-up form at {@code signupUrl}; the page ends up in the console. */
    protected static void signUp(Page page, String signupUrl, String organisation, String slug, String name,
                                 String email) {
        page.navigate(signupUrl);
        page.getByLabel("Organisation name").fill(organisation);
        page.locator("#slug").fill(slug);
        page.getByLabel("Your name").fill(name);
        page.locator("#email").fill(email);
        page.locator("#password").fill(TestAccounts.STRONG_PASSWORD);
        page.locator("[data-testid=create-organization]").click();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }
}
