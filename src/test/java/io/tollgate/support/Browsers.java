package io.tollgate.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

/**
 * Playwright driving Debian's chromium (never a downloaded browser). Outside CI a machine without chromium skips
 * browser tests with a clear message; in CI ({@code CI=true}) a missing chromium fails them.
 */
public final class Browsers {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private Browsers() {
    }

    public static Playwright playwright() {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && !"true".equalsIgnoreCase(System.getenv("CI"))) {
            Assumptions.abort("Browser test skipped: " + CHROMIUM + " is not installed (apt-get install chromium)");
        }
        if (!present) {
            throw new IllegalStateException(CHROMIUM + " is required in CI; .ci/run installs it");
        }
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    public static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }
}
