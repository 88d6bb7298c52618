package io.tollgate.pricing;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.identity.BearerFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The price book over HTTP against the real database: quotes with defaults and overrides, tenant isolation,
 * unknown models, validation, import and export.
 */
@TollgateTest
class PricingApiTest {

    static final String JSON = "application/json";

    @LocalServerPort
    int port;

    ConsoleClient owner;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Pricing").signUp(port);
    }

    @Test
    void a_default_price_prices_a_usage_line_and_names_its_version() {
        JsonNode quote = quote(owner, "openai", "GPT-4o", "2026-03-01", "{\"input_tokens\":1000,\"output_tokens\":200,"
                + "\"cached_input_read_tokens\":3}");
        // 1000 × 2500 + 200 × 10000 + 3 × 1250 nano-USD (2.50 / 10.00 / 1.25 USD per 1M tokens)
        assertThat(quote.get("outcome").asString()).isEqualTo("priced");
        assertThat(quote.get("cost_nano_usd").asLong()).isEqualTo(4_503_750L);
        assertThat(quote.get("cost_usd").asString()).isEqualTo("0.004503750");
        assertThat(quote.get("model").asString()).isEqualTo("gpt-4o");
        assertThat(quote.get("price_book_version").asString()).isEqualTo("2025-12-01");
        assertThat(quote.get("flags")).isEmpty();
        assertThat(quote.get("lines")).hasSize(3);
        assertThat(quote.get("lines").get(0).get("origin").asString()).isEqualTo("default");
    }

    @Test
    void a_tenant_override_wins_from_its_date_and_only_for_that_tenant() {
        ConsoleClient other = TestAccounts.fresh("PricingOther").signUp(port);
        HttpResponse<String> created = owner.api("POST", "/v1/price-overrides", JSON, "{\"provider\":\"openai\","
                + "\"model\":\"gpt-4o\",\"price_class\":\"input\",\"price_usd\":\"2.00\",\"effective_from\":\"2026-03-01\","
                + "\"note\":\"Enterprise agreement\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        assertThat(id).startsWith("prc_");
        assertThat(json(created).get("price_usd").asString()).isEqualTo("2");

        String million = "{\"input_tokens\":1000000}";
        assertThat(quote(owner, "openai", "gpt-4o", "2026-02-28", million).get("cost_nano_usd").asLong())
                .as("the day before the override").isEqualTo(2_500_000_000L);
        JsonNode from = quote(owner, "openai", "gpt-4o", "2026-03-01T00:00:00Z", million);
        assertThat(from.get("cost_nano_usd").asLong()).isEqualTo(2_000_000_000L);
        assertThat(from.get("flags").toString()).contains("override");
        assertThat(from.get("lines").get(0).get("reference").asString()).isEqualTo(id);
        assertThat(quote(other, "openai", "gpt-4o", "2026-03-01", million).get("cost_nano_usd").asLong())
                .as("another tenant still pays the default").isEqualTo(2_500_000_000L);

        JsonNode mine = json(owner.api("GET", "/v1/prices?provider=openai&model=gpt-4o&at=2026-03-01"));
        assertThat(row(mine, "input").get("origin").asString()).isEqualTo("override");
        assertThat(row(mine, "input").get("override_id").asString()).isEqualTo(id);
        assertThat(row(mine, "output").get("origin").asString()).isEqualTo("default");
        JsonNode theirs = json(other.api("GET", "/v1/prices?provider=openai&model=gpt-4o&at=2026-03-01"));
        assertThat(row(theirs, "input").get("price_usd").asString()).isEqualTo("2.5");

        assertProblem(other.api("GET", "/v1/price-overrides/" + id), 404, "not-found");
        assertProblem(other.api("DELETE", "/v1/price-overrides/" + id), 404, "not-found");
        assertThat(json(other.api("GET", "/v1/price-overrides")).get("data")).isEmpty();
        assertThat(owner.api("GET", "/v1/price-overrides/" + id).statusCode()).isEqualTo(200);

        assertProblem(owner.api("POST", "/v1/price-overrides", JSON, "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"price_class\":\"input\",\"price_usd\":\"1.90\",\"effective_from\":\"2026-03-01\"}"), 409, "conflict");
        assertThat(owner.api("DELETE", "/v1/price-overrides/" + id).statusCode()).isEqualTo(204);
        assertThat(quote(owner, "openai", "gpt-4o", "2026-03-01", million).get("cost_nano_usd").asLong())
                .as("the default applies again").isEqualTo(2_500_000_000L);
        assertProblem(owner.api("DELETE", "/v1/price-overrides/" + id), 404, "not-found");

        String audit = owner.api("GET", "/v1/audit-events?action=price_override.").body();
        assertThat(audit).contains("price_override.created", "price_override.deleted", "Enterprise agreement");
    }

    @Test
    void a_private_model_is_priced_by_its_override() {
        owner.api("POST", "/v1/price-overrides", JSON, "{\"provider\":\"azure-openai\",\"model\":\"prod-gpt4o-eu\","
                + "\"price_class\":\"output\",\"price_usd\":\"9\",\"effective_from\":\"2026-01-01\"}");
        JsonNode quote = quote(owner, "azure-openai", "prod-gpt4o-eu", "2026-05-05", "{\"output_tokens\":10}");
        assertThat(quote.get("outcome").asString()).isEqualTo("priced");
        assertThat(quote.get("cost_nano_usd").asLong()).isEqualTo(90_000L);
        assertThat(quote.get("price_book_version").asString()).isEqualTo("2025-12-01");
    }

    @Test
    void an_unknown_model_is_denied_or_priced_at_the_fallback_rate_and_flagged() {
        JsonNode denied = quote(owner, "openai", "gpt-99", "2026-03-01", "{\"input_tokens\":10,\"output_tokens\":1}");
        assertThat(denied.get("outcome").asString()).isEqualTo("unknown_model");
        assertThat(denied.get("cost_nano_usd").isNull()).isTrue();
        assertThat(denied.get("unpriced_classes").toString()).contains("input", "output");

        HttpResponse<String> initial = owner.api("GET", "/v1/pricing-settings");
        assertThat(json(initial).get("unknown_model_policy").asString()).isEqualTo("deny");
        assertThat(initial.headers().firstValue("ETag")).hasValue("\"v0\"");

        assertProblem(put(owner, "/v1/pricing-settings", "{\"unknown_model_policy\":\"fallback\","
                + "\"fallback_rates\":{\"input\":\"5\"}}", "\"v0\""), 422, "validation-failed");
        HttpResponse<String> saved = put(owner, "/v1/pricing-settings", "{\"unknown_model_policy\":\"fallback\","
                + "\"fallback_rates\":{\"input\":\"5\",\"output\":\"15.5\"}}", "\"v0\"");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.headers().firstValue("ETag")).hasValue("\"v1\"");
        assertThat(json(saved).get("fallback_rates").get("output").asString()).isEqualTo("15.5");
        assertProblem(put(owner, "/v1/pricing-settings", "{\"unknown_model_policy\":\"deny\"}", "\"v0\""), 412,
                "precondition-failed");

        JsonNode fallback = quote(owner, "openai", "gpt-99", "2026-03-01", "{\"input_tokens\":10,\"output_tokens\":1}");
        assertThat(fallback.get("outcome").asString()).isEqualTo("priced");
        assertThat(fallback.get("cost_nano_usd").asLong()).isEqualTo(10 * 5_000L + 15_500L);
        assertThat(fallback.get("flags").toString()).contains("fallback_rate");
        assertThat(quote(owner, "openai", "gpt-4o", "2026-03-01", "{\"input_tokens\":10}").get("flags")).isEmpty();

        assertThat(owner.api("GET", "/v1/audit-events?action=pricing_settings.changed").body())
                .contains("unknown_model_policy", "FALLBACK");
    }

    @Test
    void bad_usage_and_bad_prices_are_refused_with_the_field() {
        assertField(owner.api("POST", "/v1/prices/quote", JSON, "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"usage\":{\"input_tokens\":-1}}"), "input_tokens");
        assertField(owner.api("POST", "/v1/prices/quote", JSON, "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"usage\":{\"output_tokens\":10000000001}}"), "output_tokens");
        assertField(owner.api("POST", "/v1/prices/quote", JSON, "{\"provider\":\"Open AI!\",\"model\":\"gpt-4o\","
                + "\"usage\":{}}"), "provider");
        assertField(owner.api("POST", "/v1/prices/quote", JSON, "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"at\":\"yesterday\",\"usage\":{}}"), "at");
        assertProblem(owner.api("POST", "/v1/prices/quote", JSON, "{\"provider\":\"openai\",\"model\":\"gpt-4o\"}"),
                422, "validation-failed");
        assertField(owner.api("POST", "/v1/price-overrides", JSON, "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"price_class\":\"input\",\"price_usd\":\"-1\",\"effective_from\":\"2026-01-01\"}"), "price_usd");
        assertField(owner.api("POST", "/v1/price-overrides", JSON, "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"price_class\":\"tokens\",\"price_usd\":\"1\",\"effective_from\":\"2026-01-01\"}"), "price_class");
        assertField(owner.api("GET", "/v1/prices?cursor=not-a-cursor"), "cursor");
        assertProblem(owner.api("GET", "/v1/price-overrides/prc_nope"), 404, "not-found");
    }

    @Test
    void prices_page_by_cursor_without_gaps_or_repeats() {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(owner.api("GET", "/v1/prices?provider=anthropic&limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("data").forEach(p -> keys.add(p.get("model").asString() + "/" + p.get("price_class").asString()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
            pages++;
        } while (cursor != null && pages < 50);
        assertThat(pages).isGreaterThan(2);
        assertThat(keys).doesNotHaveDuplicates().contains("claude-sonnet-4-5/input", "claude-3-5-haiku-latest/output");
        assertThat(keys).hasSize(json(owner.api("GET", "/v1/prices?provider=anthropic&limit=200")).get("data").size());
    }

    @Test
    void a_malformed_import_names_every_bad_line_and_imports_nothing() {
        String csv = """
                provider,model,price_class,price_usd,effective_from,note
                openai,gpt-4o,input,2.00,2026-01-01,fine
                openai,gpt-4o,outptu,8,2026-01-01,typo in class
                openai,gpt-4o,output,8,2026-01-01,fine too
                Open AI,gpt-4o,input,-3,31.01.2026,three problems
                openai,gpt-4o,input,1.5,2026-01-01,duplicate of line 2
                openai,gpt-4o,input,1.5
                """;
        HttpResponse<String> refused = owner.api("POST", "/v1/price-overrides/import", "text/csv", csv);
        assertProblem(refused, 422, "validation-failed");
        JsonNode errors = json(refused).get("errors");
        assertThat(json(refused).get("detail").asString()).contains("Line 7").contains("Nothing was imported");
        assertThat(json(owner.api("GET", "/v1/price-overrides")).get("data")).isEmpty();

        String withoutShortLine = csv.substring(0, csv.lastIndexOf("openai,gpt-4o,input,1.5\n"));
        errors = json(owner.api("POST", "/v1/price-overrides/import", "text/csv", withoutShortLine)).get("errors");
        List<String> problems = new ArrayList<>();
        errors.forEach(e -> problems.add(e.get("line").asInt() + ":" + e.get("field").asString()));
        assertThat(problems).containsExactlyInAnyOrder("3:price_class", "5:provider", "5:price_usd",
                "5:effective_from", "6:effective_from");
        assertThat(json(owner.api("GET", "/v1/price-overrides")).get("data")).as("all or nothing").isEmpty();

        String yaml = """
                prices:
                  - provider: openai
                    model: gpt-4o
                    price_class: input
                    price_usd: "2"
                    effective_from: 2026-01-01
                  - provider: openai
                    model: gpt-4o
                    price_class: output
                    prise_usd: "8"
                    effective_from: 2026-01-01
                """;
        HttpResponse<String> yamlRefused = owner.api("POST", "/v1/price-overrides/import", "application/yaml", yaml);
        assertProblem(yamlRefused, 422, "validation-failed");
        assertThat(json(yamlRefused).get("errors").get(0).get("line").asInt()).isEqualTo(10);
        assertThat(json(owner.api("GET", "/v1/price-overrides")).get("data")).isEmpty();

        assertProblem(owner.api("POST", "/v1/price-overrides/import", "text/plain", "x"), 415,
                "unsupported-media-type");
        assertProblem(owner.api("POST", "/v1/price-overrides/import", "text/csv", "provider,model\n"), 422,
                "validation-failed");
    }

    @Test
    void an_export_imports_into_another_tenant_and_exports_the_same_book() {
        String csv = "provider,model,price_class,price_usd,effective_from,note\r\n"
                + "openai,gpt-4o,input,2.1,2026-01-01,\"negotiated, 16%\"\r\n"
                + "anthropic,claude-sonnet-4-5,output,12.75,2026-02-01,\r\n"
                + "vllm,llama-internal-70b,input,0.05,2026-01-15,\"=HYPERLINK(\"\"http://evil.example\"\")\"\r\n";
        HttpResponse<String> imported = owner.api("POST", "/v1/price-overrides/import", "text/csv", csv);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(json(imported).get("imported").asInt()).isEqualTo(3);
        assertThat(owner.api("GET", "/v1/audit-events?action=price_overrides.imported").body())
                .contains("price_overrides.imported", "\\\"count\\\":{\\\"after\\\":3");

        HttpResponse<String> exported = owner.api("GET", "/v1/price-book/export?format=csv&at=2026-03-01");
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(exported.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).contains("price-book-2026-03-01.csv"));
        assertThat(exported.body()).as("formulas are neutralised")
                .contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"").doesNotContain(",\"=HYPERLINK");
        assertThat(exported.body()).contains("\"openai\",\"gpt-4o\",\"input\",\"2.1\",\"2026-01-01\","
                + "\"negotiated, 16%\",\"override\"");
        assertThat(exported.body()).contains("\"openai\",\"gpt-4o\",\"output\",\"10\",\"2025-12-01\",\"\",\"default\"");

        ConsoleClient copy = TestAccounts.fresh("PricingCopy").signUp(port);
        HttpResponse<String> copied = copy.api("POST", "/v1/price-overrides/import", "text/csv", exported.body());
        assertThat(copied.statusCode()).as(copied.body()).isEqualTo(201);
        assertThat(json(copied).get("imported").asInt()).isEqualTo(3);
        assertThat(json(copied).get("skipped_default_rows").asInt()).isGreaterThan(100);
        String copiedNote = json(copy.api("GET", "/v1/price-overrides?provider=vllm")).get("data").get(0)
                .get("note").asString();
        assertThat(copiedNote).isEqualTo("=HYPERLINK(\"http://evil.example\")");
        assertThat(withoutReferences(copy.api("GET", "/v1/price-book/export?format=csv&at=2026-03-01").body()))
                .isEqualTo(withoutReferences(exported.body()));

        HttpResponse<String> yaml = owner.api("GET", "/v1/price-book/export?format=yaml&at=2026-03-01&origin=override");
        assertThat(yaml.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/yaml"));
        assertThat(yaml.body()).contains("price_book_version: '2025-12-01'", "origin: override", "llama-internal-70b");
        ConsoleClient yamlCopy = TestAccounts.fresh("PricingYaml").signUp(port);
        HttpResponse<String> fromYaml = yamlCopy.api("POST", "/v1/price-overrides/import", "application/yaml",
                yaml.body());
        assertThat(fromYaml.statusCode()).as(fromYaml.body()).isEqualTo(201);
        assertThat(withoutReferences(yamlCopy.api("GET", "/v1/price-book/export?format=csv&at=2026-03-01").body()))
                .isEqualTo(withoutReferences(exported.body()));
    }

    @Test
    void readers_read_and_only_owners_and_admins_write() {
        String viewerEmail = "viewer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String invitation = owner.api("POST", "/v1/invitations", JSON, "{\"email\":\"" + viewerEmail
                + "\",\"role\":\"VIEWER\"}").body();
        String path = URI.create(invitation.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
        ConsoleClient viewer = new ConsoleClient(port);
        viewer.submitForm(path, path, Map.of("displayName", "Viewer", "password", TestAccounts.STRONG_PASSWORD));

        assertThat(viewer.api("GET", "/v1/prices?provider=openai").statusCode()).isEqualTo(200);
        assertThat(quote(viewer, "openai", "gpt-4o", "2026-01-01", "{\"input_tokens\":1}").get("cost_nano_usd")
                .asLong()).isEqualTo(2_500L);
        assertProblem(viewer.api("POST", "/v1/price-overrides", JSON, "{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"price_class\":\"input\",\"price_usd\":\"1\",\"effective_from\":\"2026-01-01\"}"), 403, "forbidden");
        assertProblem(put(viewer, "/v1/pricing-settings", "{\"unknown_model_policy\":\"deny\"}", null), 403,
                "forbidden");
    }

    private JsonNode quote(ConsoleClient client, String provider, String model, String at, String usage) {
        HttpResponse<String> response = client.api("POST", "/v1/prices/quote", JSON, "{\"provider\":\"" + provider
                + "\",\"model\":\"" + model + "\",\"at\":\"" + at + "\",\"usage\":" + usage + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static HttpResponse<String> put(ConsoleClient client, String path, String body, String ifMatch) {
        HttpRequest.Builder request = client.apiRequest("PUT", path, JSON, HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return client.send(request.build());
    }

    private static JsonNode row(JsonNode page, String priceClass) {
        for (JsonNode price : page.get("data")) {
            if (price.get("price_class").asString().equals(priceClass)) {
                return price;
            }
        }
        throw new AssertionError("no " + priceClass + " row in " + page);
    }

    private static void assertField(HttpResponse<String> response, String field) {
        assertProblem(response, 422, "validation-failed");
        assertThat(json(response).get("errors").toString()).contains("\"field\":\"" + field + "\"");
    }

    /** The export without its last column (default version or override id, which differs per tenant). */
    private static List<String> withoutReferences(String csv) {
        return csv.lines().map(line -> line.substring(0, line.lastIndexOf(",\""))).toList();
    }
}
