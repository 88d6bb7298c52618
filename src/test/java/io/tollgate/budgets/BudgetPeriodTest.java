package io.tollgate.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** Budget windows are calendar periods in the tenant's time zone. */
class BudgetPeriodTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");

    @Test
    void a_day_starts_at_local_midnight_and_dst_days_are_23_or_25_hours() {
        var normal = BudgetPeriod.DAILY.windowAt(Instant.parse("2026-06-10T21:59:59Z"), BERLIN);
        assertThat(normal.start()).isEqualTo(Instant.parse("2026-06-09T22:00:00Z"));
        assertThat(normal.end()).isEqualTo(Instant.parse("2026-06-10T22:00:00Z"));
        assertThat(BudgetPeriod.DAILY.windowAt(Instant.parse("2026-06-10T22:00:00Z"), BERLIN).start())
                .isEqualTo(Instant.parse("2026-06-10T22:00:00Z"));

        var springForward = BudgetPeriod.DAILY.windowAt(Instant.parse("2026-03-29T12:00:00Z"), BERLIN);
        assertThat(Duration.between(springForward.start(), springForward.end())).isEqualTo(Duration.ofHours(23));
        var fallBack = BudgetPeriod.DAILY.windowAt(Instant.parse("2026-10-25T12:00:00Z"), BERLIN);
        assertThat(Duration.between(fallBack.start(), fallBack.end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void weeks_start_on_monday_and_months_on_the_first_in_the_zone() {
        var week = BudgetPeriod.WEEKLY.windowAt(Instant.parse("2026-12-06T10:00:00Z"), ZoneId.of("UTC"));
        assertThat(week.start()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(week.end()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));

        var february = BudgetPeriod.MONTHLY.windowAt(Instant.parse("2028-02-29T23:00:00Z"), ZoneId.of("UTC"));
        assertThat(february.start()).isEqualTo(Instant.parse("2028-02-01T00:00:00Z"));
        assertThat(february.end()).isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));

        // 31 Dec 12:30 UTC is already 1 January in Auckland (UTC+13 in summer).
        var newYear = BudgetPeriod.MONTHLY.windowAt(Instant.parse("2026-12-31T12:30:00Z"), AUCKLAND);
        assertThat(newYear.start()).isEqualTo(Instant.parse("2026-12-31T11:00:00Z"));
    }

    @Test
    void lifetime_is_one_window_without_end() {
        var lifetime = BudgetPeriod.LIFETIME.windowAt(Instant.parse("2031-05-05T00:00:00Z"), BERLIN);
        assertThat(lifetime.start()).isEqualTo(BudgetPeriod.LIFETIME_START);
        assertThat(lifetime.end()).isNull();
        assertThat(BudgetPeriod.LIFETIME.windowAt(Instant.parse("2026-01-01T00:00:00Z"), AUCKLAND))
                .isEqualTo(lifetime);
    }
}
