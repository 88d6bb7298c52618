package io.tollgate.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
import io.tollgate.pricing.ModelKey;
import io.tollgate.pricing.PriceClass;
import io.tollgate.pricing.Quote;
import io.tollgate.pricing.Usage;
import io.tollgate.pricing.internal.PricingSettings.UnknownModelPolicy;
import org.junit.jupiter.api.Test;

/** The pricing rule itself: Σ quantity × unit price, exact, then one half-up rounding; unknown models. */
class QuoteCalculatorTest {

    static final ModelKey MODEL = ModelKey.of("openai", "gpt-4o-mini");
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @Test
    void cost_is_the_sum_of_tokens_times_price_rounded_once_half_up() {
        // 0.0375 USD per 1M tokens = 37.5 nano-USD per token, for both classes.
        List<PriceStore.EffectivePrice> prices = List.of(price(PriceClass.INPUT, "0.0375"),
                price(PriceClass.CACHED_INPUT_READ, "0.0375"));
        Quote quote = QuoteCalculator.quote(MODEL, DAY, new Usage(1, 0, 1, 0, 0, 0, 0), prices,
                PricingSettings.INITIAL, "v1");

        assertThat(quote.outcome()).isEqualTo(Quote.Outcome.PRICED);
        assertThat(quote.cost()).isEqualTo(Money.ofNanos(75));
        long roundedPerLine = quote.lines().stream()
                .mapToLong(line -> line.exactNanos().setScale(0, RoundingMode.HALF_UP).longValueExact()).sum();
        assertThat(roundedPerLine).as("rounding each class separately would give").isEqualTo(76);
        assertThat(quote.lines()).extracting(Quote.Line::exactNanos)
                .allSatisfy(exact -> assertThat(exact).isEqualByComparingTo("37.5"));
    }

    @Test
    void half_a_nano_dollar_rounds_up_and_less_rounds_down() {
        // 0.0005 USD per 1M tokens = 0.5 nano-USD per token.
        List<PriceStore.EffectivePrice> prices = List.of(price(PriceClass.INPUT, "0.0005"),
                price(PriceClass.OUTPUT, "0.0004"));
        assertThat(QuoteCalculator.quote(MODEL, DAY, Usage.tokens(1, 0), prices, PricingSettings.INITIAL, null)
                .cost()).isEqualTo(Money.ofNanos(1));
        assertThat(QuoteCalculator.quote(MODEL, DAY, Usage.tokens(0, 1), prices, PricingSettings.INITIAL, null)
                .cost()).isEqualTo(Money.ofNanos(0));
        assertThat(QuoteCalculator.quote(MODEL, DAY, Usage.tokens(3, 0), prices, PricingSettings.INITIAL, null)
                .cost()).as("1.5 nano-USD").isEqualTo(Money.ofNanos(2));
    }

    @Test
    void a_realistic_line_costs_what_the_price_list_says() {
        // gpt-4o-mini: 0.15 in, 0.075 cached, 0.60 out per 1M tokens.
        List<PriceStore.EffectivePrice> prices = List.of(price(PriceClass.INPUT, "0.15"),
                price(PriceClass.CACHED_INPUT_READ, "0.075"), price(PriceClass.OUTPUT, "0.60"));
        Quote quote = QuoteCalculator.quote(MODEL, DAY, new Usage(12_345, 6_789, 1_001, 0, 0, 0, 0), prices,
                PricingSettings.INITIAL, "v1");
        // 12345 × 150 + 1001 × 75 + 6789 × 600 = 1,851,750 + 75,075 + 4,073,400 nano-USD
        assertThat(quote.cost()).isEqualTo(Money.ofNanos(6_000_225));
        assertThat(quote.cost().toUsdString()).isEqualTo("0.006000225");
    }

    @Test
    void unit_classes_are_priced_per_unit() {
        List<PriceStore.EffectivePrice> prices = List.of(price(PriceClass.IMAGE, "0.04"),
                price(PriceClass.AUDIO_SECOND, "0.0001"), price(PriceClass.REQUEST, "0.01"));
        Quote quote = QuoteCalculator.quote(MODEL, DAY, new Usage(0, 0, 0, 0, 2, 3, 90), prices,
                PricingSettings.INITIAL, null);
        assertThat(quote.cost()).isEqualTo(Money.ofNanos(2 * 10_000_000L + 3 * 40_000_000L + 90 * 100_000L));
    }

    @Test
    void an_unknown_model_is_denied_under_the_deny_policy() {
        Quote quote = QuoteCalculator.quote(MODEL, DAY, Usage.tokens(10, 5), List.of(), PricingSettings.INITIAL,
                "v1");
        assertThat(quote.outcome()).isEqualTo(Quote.Outcome.UNKNOWN_MODEL);
        assertThat(quote.cost()).isNull();
        assertThat(quote.unpriced()).containsExactly(PriceClass.INPUT, PriceClass.OUTPUT);
    }

    @Test
    void an_unknown_model_is_priced_at_the_fallback_rates_and_flagged_under_the_fallback_policy() {
        PricingSettings fallback = new PricingSettings(UnknownModelPolicy.FALLBACK,
                Map.of(PriceClass.INPUT, new BigDecimal("10"), PriceClass.OUTPUT, new BigDecimal("30")), 1);
        Quote quote = QuoteCalculator.quote(MODEL, DAY, Usage.tokens(1_000, 100), List.of(), fallback, "v1");
        assertThat(quote.outcome()).isEqualTo(Quote.Outcome.PRICED);
        assertThat(quote.flags()).containsExactly(Quote.Flag.FALLBACK_RATE);
        assertThat(quote.cost()).isEqualTo(Money.ofNanos(1_000 * 10_000L + 100 * 30_000L));
        assertThat(quote.lines()).extracting(Quote.Line::origin).containsOnly(Quote.Origin.FALLBACK);
    }

    @Test
    void a_known_model_missing_a_used_class_follows_the_policy_for_that_class() {
        List<PriceStore.EffectivePrice> prices = List.of(price(PriceClass.INPUT, "1"), price(PriceClass.OUTPUT, "2"));
        Usage withCacheWrite = new Usage(10, 10, 0, 10, 0, 0, 0);
        assertThat(QuoteCalculator.quote(MODEL, DAY, withCacheWrite, prices, PricingSettings.INITIAL, null).unpriced())
                .containsExactly(PriceClass.CACHE_WRITE);

        PricingSettings fallback = new PricingSettings(UnknownModelPolicy.FALLBACK,
                Map.of(PriceClass.INPUT, BigDecimal.ONE, PriceClass.OUTPUT, BigDecimal.ONE,
                        PriceClass.CACHE_WRITE, new BigDecimal("5")), 1);
        Quote quote = QuoteCalculator.quote(MODEL, DAY, withCacheWrite, prices, fallback, null);
        assertThat(quote.flags()).containsExactly(Quote.Flag.FALLBACK_RATE);
        assertThat(quote.cost()).isEqualTo(Money.ofNanos(10 * 1_000L + 10 * 2_000L + 10 * 5_000L));

        PricingSettings fallbackWithoutThatRate = new PricingSettings(UnknownModelPolicy.FALLBACK,
                Map.of(PriceClass.INPUT, BigDecimal.ONE, PriceClass.OUTPUT, BigDecimal.ONE), 1);
        assertThat(QuoteCalculator.quote(MODEL, DAY, withCacheWrite, prices, fallbackWithoutThatRate, null).outcome())
                .isEqualTo(Quote.Outcome.UNKNOWN_MODEL);
    }

    @Test
    void an_override_is_named_and_flagged() {
        UUID id = UUID.randomUUID();
        PriceStore.EffectivePrice override = new PriceStore.EffectivePrice(MODEL, PriceClass.INPUT, BigDecimal.ONE,
                DAY, Quote.Origin.OVERRIDE, null, id, "deal");
        Quote quote = QuoteCalculator.quote(MODEL, DAY, Usage.tokens(1, 0), List.of(override),
                PricingSettings.INITIAL, "v1");
        assertThat(quote.flags()).containsExactly(Quote.Flag.OVERRIDE);
        assertThat(quote.lines().getFirst().reference()).isEqualTo(Prices.overrideId(id));
    }

    @Test
    void a_cost_beyond_what_money_holds_is_refused() {
        List<PriceStore.EffectivePrice> prices = List.of(price(PriceClass.INPUT, "1000000"));
        assertThatThrownBy(() -> QuoteCalculator.quote(MODEL, DAY, Usage.tokens(Usage.MAX_TOKENS, 0), prices,
                PricingSettings.INITIAL, null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void usage_counts_must_be_non_negative_and_sane() {
        assertThatThrownBy(() -> Usage.tokens(-1, 0)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("input_tokens"));
        assertThatThrownBy(() -> Usage.tokens(0, Usage.MAX_TOKENS + 1)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("output_tokens"));
        assertThatThrownBy(() -> new Usage(0, 0, 0, 0, 0, Usage.MAX_UNITS + 1, 0))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void prices_and_model_names_are_checked() {
        assertThat(Prices.usd("p", "2.50")).isEqualByComparingTo("2.5");
        assertThat(Prices.plain(Prices.usd("p", "10.000"))).isEqualTo("10");
        for (String bad : List.of("-1", "1e3", "abc", "", "0.0000000001", "1000001", ".")) {
            assertThatThrownBy(() -> Prices.usd("p", bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThat(ModelKey.of(" OpenAI ", "GPT-4o")).isEqualTo(new ModelKey("openai", "gpt-4o"));
        for (String bad : List.of("open ai", "-openai", "", "x".repeat(41), "open_ai")) {
            assertThatThrownBy(() -> ModelKey.of(bad, "gpt-4o")).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> ModelKey.of("openai", "gpt 4o")).isInstanceOf(InvalidInputException.class);
    }

    static PriceStore.EffectivePrice price(PriceClass priceClass, String usd) {
        return new PriceStore.EffectivePrice(MODEL, priceClass, new BigDecimal(usd), LocalDate.of(2025, 12, 1),
                Quote.Origin.DEFAULT, "v1", null, "");
    }
}
