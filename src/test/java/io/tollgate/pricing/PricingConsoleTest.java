package io.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Pricing page over real HTTP: the book with filters and pages, overrides, settings, import and export. */
@TollgateTest
class PricingConsoleTest {

    @LocalServerPort
    int port;

    ConsoleClient owner;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("PricingPage").signUp(port);
    }

    @Test
    void the_page_lists_the_effective_book_with_filters_pages_and_a_nav_link() {
        HttpResponse<String> page = owner.get("/app/pricing");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Pricing</h1>", "data-testid=\"prices-table\"", "2025-12-01",
                "href=\"/app/pricing\" aria-current=\"page\"", "data-testid=\"prices-next\"");

        HttpResponse<String> filtered = owner.get("/app/pricing?provider=openai&q=4o-mini&at=2026-02-01");
        assertThat(filtered.body()).contains("gpt-4o-mini", "0.075").doesNotContain("claude-");

        HttpResponse<String> fragment = owner.htmxGet("/app/pricing?provider=google&q=gemini-2.5-pro");
        assertThat(fragment.body()).contains("id=\"price-results\"", "gemini-2.5-pro").doesNotContain("<html");

        Matcher next = Pattern.compile("href=\"(/app/pricing\\?cursor=[^\"]+)\"").matcher(page.body());
        assertThat(next.find()).isTrue();
        HttpResponse<String> second = owner.get(next.group(1).replace("&amp;", "&"));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("First page");

        assertThat(owner.get("/app/pricing?at=31.12.2026").body()).contains("data-testid=\"filter-error\"",
                "YYYY-MM-DD");
    }

    @Test
    void an_owner_adds_and_deletes_an_override_and_bad_input_is_explained() {
        Map<String, String> bad = override("openai", "gpt-4o", "input", "two dollars", "2026-01-01");
        HttpResponse<String> refused = owner.submitForm("/app/pricing", "/app/pricing/overrides", bad);
        assertThat(refused.body()).contains("The override was not added.", "plain decimal number");

        HttpResponse<String> added = owner.submitForm("/app/pricing", "/app/pricing/overrides",
                override("openai", "gpt-4o", "input", "2.10", "2026-01-01"));
        assertThat(added.body()).contains("input costs 2.1 USD per 1M tokens", "data-testid=\"overrides-table\"");
        assertThat(owner.get("/app/pricing?provider=openai&q=gpt-4o&at=2026-01-02").body())
                .contains("data-origin=\"override\"");

        HttpResponse<String> duplicate = owner.submitForm("/app/pricing", "/app/pricing/overrides",
                override("openai", "gpt-4o", "input", "2.20", "2026-01-01"));
        assertThat(duplicate.body()).contains("exists already");

        Matcher delete = Pattern.compile("action=\"(/app/pricing/overrides/[0-9a-f-]{36}/delete)\"[^>]*data-confirm=")
                .matcher(added.body());
        assertThat(delete.find()).as("delete asks for confirmation").isTrue();
        HttpResponse<String> deleted = owner.submitForm("/app/pricing", delete.group(1), Map.of());
        assertThat(deleted.body()).contains("is deleted", "No overrides yet.");
    }

    @Test
    void the_unknown_model_policy_is_set_in_the_form() {
        Map<String, String> missingRates = new LinkedHashMap<>();
        missingRates.put("policy", "FALLBACK");
        missingRates.put("version", "0");
        missingRates.put("rates[input]", "3");
        HttpResponse<String> refused = owner.submitForm("/app/pricing", "/app/pricing/settings", missingRates);
        assertThat(refused.body()).contains("The settings were not saved.", "input and output rates");

        missingRates.put("rates[output]", "12");
        HttpResponse<String> saved = owner.submitForm("/app/pricing", "/app/pricing/settings", missingRates);
        assertThat(saved.body()).contains("priced at the fallback rates and flagged", "value=\"12\"");

        HttpResponse<String> stale = owner.submitForm("/app/pricing", "/app/pricing/settings",
                Map.of("policy", "DENY", "version", "0"));
        assertThat(stale.body()).contains("changed by someone else");
    }

    @Test
    void pasted_csv_is_imported_all_or_nothing_and_exported() {
        String bad = "provider,model,price_class,price_usd,effective_from\nopenai,gpt-4o,input,1,2026-01-01\n"
                + "openai,gpt-4o,output,abc,2026-01-01\n";
        HttpResponse<String> refused = owner.submitForm("/app/pricing", "/app/pricing/import",
                Map.of("format", "csv", "document", bad));
        assertThat(refused.body()).contains("data-testid=\"import-errors\"", "Line 3, price_usd",
                "nothing was imported", "openai,gpt-4o,output,abc").contains("No overrides yet.");

        String good = bad.replace("abc", "7.5");
        HttpResponse<String> imported = owner.submitForm("/app/pricing", "/app/pricing/import",
                Map.of("format", "csv", "document", good));
        assertThat(imported.body()).contains("2 overrides imported.");

        HttpResponse<String> export = owner.get("/app/pricing/export.csv?origin=override&at=2026-02-01");
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(export.body()).contains("\"openai\",\"gpt-4o\",\"output\",\"7.5\"").doesNotContain("claude");
        assertThat(owner.get("/app/pricing/export.yaml").body()).contains("prices:", "origin: default");
    }

    @Test
    void a_viewer_reads_the_page_without_forms_and_cannot_post_them() {
        String email = "pv-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String invitation = owner.api("POST", "/v1/invitations", "application/json", "{\"email\":\"" + email
                + "\",\"role\":\"VIEWER\"}").body();
        String path = URI.create(invitation.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
        ConsoleClient viewer = new ConsoleClient(port);
        viewer.submitForm(path, path, Map.of("displayName", "Viewer", "password", TestAccounts.STRONG_PASSWORD));

        HttpResponse<String> page = viewer.get("/app/pricing");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"prices-table\"").doesNotContain("data-testid=\"add-override\"",
                "data-testid=\"import-overrides\"", "data-testid=\"save-pricing-settings\"");
        HttpResponse<String> refused = viewer.submitForm("/app/members", "/app/pricing/overrides",
                override("openai", "gpt-4o", "input", "1", "2026-01-01"));
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    private static Map<String, String> override(String provider, String model, String priceClass, String usd,
                                                String from) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("provider", provider);
        form.put("model", model);
        form.put("priceClass", priceClass);
        form.put("priceUsd", usd);
        form.put("effectiveFrom", from);
        form.put("note", "");
        return form;
    }
}
