package io.tollgate.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceClass;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The shipped default price book: it parses, says where each price came from and when, and prices are sane. */
class DefaultPriceBookFileTest {

    @Test
    void every_shipped_version_loads_with_source_as_of_and_positive_prices() throws Exception {
        Resource[] files = new PathMatchingResourcePatternResolver()
                .getResources("classpath:pricing/default-price-book/*.yaml");
        assertThat(files).isNotEmpty();
        for (Resource file : files) {
            DefaultBookFile book = DefaultBookLoader.read(file);
            assertThat(book.version()).isNotBlank();
            assertThat(book.effectiveFrom()).isAfterOrEqualTo(LocalDate.of(2025, 1, 1));
            assertThat(book.entries()).isNotEmpty().allSatisfy(entry -> {
                assertThat(entry.source()).as(entry.model().toString()).startsWith("https://");
                assertThat(entry.asOf()).as(entry.model().toString()).isNotNull().isBeforeOrEqualTo(book.effectiveFrom());
                assertThat(entry.prices()).as(entry.model().toString()).isNotEmpty();
                entry.prices().forEach((priceClass, usd) -> {
                    assertThat(usd).as(entry.model() + " " + priceClass).isPositive()
                            .isLessThanOrEqualTo(new BigDecimal("200"));
                    if (entry.prices().containsKey(PriceClass.INPUT) && priceClass == PriceClass.CACHED_INPUT_READ) {
                        assertThat(usd).as("cached reads cost less than input: " + entry.model())
                                .isLessThan(entry.prices().get(PriceClass.INPUT));
                    }
                });
                if (entry.prices().containsKey(PriceClass.OUTPUT)) {
                    assertThat(entry.prices().get(PriceClass.OUTPUT)).as("output ≥ input: " + entry.model())
                            .isGreaterThanOrEqualTo(entry.prices().get(PriceClass.INPUT));
                }
            });
        }
    }

    @Test
    void the_book_covers_the_major_providers_and_common_models() throws Exception {
        DefaultBookFile book = DefaultBookLoader.read(new PathMatchingResourcePatternResolver()
                .getResource("classpath:pricing/default-price-book/2025-12-01.yaml"));
        Set<String> providers = book.entries().stream().map(e -> e.model().provider()).collect(Collectors.toSet());
        assertThat(providers).containsExactlyInAnyOrder("openai", "anthropic", "google", "mistral", "aws-bedrock",
                "azure-openai");
        Set<ModelKey> models = book.entries().stream().map(DefaultBookFile.Entry::model).collect(Collectors.toSet());
        for (String model : List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3",
                "o4-mini", "text-embedding-3-small")) {
            assertThat(models).contains(new ModelKey("openai", model), new ModelKey("azure-openai", model));
        }
        assertThat(models).contains(new ModelKey("anthropic", "claude-sonnet-4-5"),
                new ModelKey("anthropic", "claude-3-5-haiku-20241022"), new ModelKey("anthropic", "claude-opus-4-1"),
                new ModelKey("google", "gemini-2.5-pro"), new ModelKey("google", "gemini-1.5-flash"),
                new ModelKey("google", "gemini-2.0-flash"), new ModelKey("mistral", "mistral-large-latest"),
                new ModelKey("mistral", "codestral-latest"),
                new ModelKey("aws-bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0"),
                new ModelKey("aws-bedrock", "meta.llama3-1-70b-instruct-v1:0"),
                new ModelKey("aws-bedrock", "amazon.nova-pro-v1:0"));
        assertThat(book.sources()).hasSize(6).allSatisfy((provider, url) -> assertThat(url).startsWith("https://"));
    }

    @Test
    void a_book_with_a_typo_or_without_its_source_is_refused_with_the_line() {
        String noSource = """
                version: "t1"
                as_of: 2026-01-01
                effective_from: 2026-01-01
                providers:
                  - provider: acme
                    as_of: 2026-01-01
                    models:
                      - model: m1
                        input: 1
                """;
        assertThatThrownBy(() -> DefaultBookFile.parse("t1.yaml", noSource)).hasMessageContaining("source is missing");
        String typo = noSource.replace("    as_of: 2026-01-01\n    models",
                "    source: https://acme.example/pricing\n    as_of: 2026-01-01\n    models").replace("input: 1", "inptu: 1");
        assertThatThrownBy(() -> DefaultBookFile.parse("t1.yaml", typo)).hasMessageContaining("t1.yaml, line 10")
                .hasMessageContaining("inptu");
        String negative = typo.replace("inptu: 1", "input: -1");
        assertThatThrownBy(() -> DefaultBookFile.parse("t1.yaml", negative)).hasMessageContaining("line 10");
    }
}
