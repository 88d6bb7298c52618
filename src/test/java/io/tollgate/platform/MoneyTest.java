package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void usd_decimals_become_nano_dollars_exactly() {
        assertThat(Money.ofUsd("250").nanos()).isEqualTo(250_000_000_000L);
        assertThat(Money.ofUsd("12.50").nanos()).isEqualTo(12_500_000_000L);
        assertThat(Money.ofUsd("0.000000001").nanos()).isEqualTo(1);
        assertThat(Money.ofUsd("1.500000000").nanos()).isEqualTo(1_500_000_000L);
        assertThat(Money.ofUsd("0").nanos()).isZero();
        assertThat(Money.ofSignedUsd("-0.25").nanos()).isEqualTo(-250_000_000L);
    }

    @Test
    void more_than_nine_decimals_garbage_and_overflow_are_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Money.ofUsd("0.0000000001"));
        assertThatIllegalArgumentException().isThrownBy(() -> Money.ofUsd("ten"));
        assertThatIllegalArgumentException().isThrownBy(() -> Money.ofUsd("1e30"));
        assertThatIllegalArgumentException().isThrownBy(() -> Money.ofUsd("1.5000000000"));
        assertThatIllegalArgumentException().isThrownBy(() -> Money.ofUsd("99999999999999999999"));
        assertThatThrownBy(() -> new Money(Long.MAX_VALUE).plus(new Money(1))).isInstanceOf(ArithmeticException.class);
    }

    /** The documented grammar only (ADR 0043): ASCII digits, an optional point and 1–9 decimals. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1e3", "1E-9", " 1", "1 ", "+1", ".5", "5.", "-1",
        "1,000", "\uFF11", "\u0663", "\u0661\u0660\u0660", "0x10", "", "1.2.3", "NaN", "Infinity", "1_000"})
    void anything_but_plain_ascii_decimals_is_refused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Money.ofUsd(text));
        assertThatIllegalArgumentException().isThrownBy(() -> Money.usdDecimal(text));
    }

    @Test
    void a_sign_is_only_accepted_where_amounts_may_be_negative() {
        assertThatIllegalArgumentException().isThrownBy(() -> Money.ofSignedUsd("+1"));
        assertThatIllegalArgumentException().isThrownBy(() -> Money.ofSignedUsd("--1"));
        assertThatIllegalArgumentException().isThrownBy(() -> Money.ofSignedUsd("- 1"));
        assertThat(Money.ofSignedUsd("2").nanos()).isEqualTo(2_000_000_000L);
    }

    @Test
    void shown_with_at_least_two_decimals() {
        assertThat(Money.ofUsd("12.5").toUsdString()).isEqualTo("12.50");
        assertThat(Money.ofUsd("3").toUsdString()).isEqualTo("3.00");
        assertThat(new Money(125_000).toUsdString()).isEqualTo("0.000125");
        assertThat(Money.ofUsd("1").minus(Money.ofUsd("1.25")).toUsdString()).isEqualTo("-0.25");
    }
}
