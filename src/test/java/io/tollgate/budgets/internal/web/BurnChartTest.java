package io.tollgate.budgets.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import io.tollgate.budgets.internal.Budget;
import org.junit.jupiter.api.Test;

class BurnChartTest {

    static final long USD = 1_000_000_000L;
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant END = Instant.parse("2026-04-01T00:00:00Z");

    @Test
    void an_empty_window_is_flat_at_zero_and_forecasts_zero() {
        BurnChart.Chart chart = BurnChart.of(START, END, START.plusSeconds(86_400 * 10), 100 * USD, List.of(),
                ZoneOffset.UTC);

        assertThat(chart.spent()).isZero();
        assertThat(chart.held()).isZero();
        assertThat(chart.forecastAtEnd()).isZero();
        assertThat(chart.exhaustedAt()).isNull();
        assertThat(chart.overLimit()).isFalse();
        assertThat(chart.step()).isEqualTo("day");
        assertThat(Arrays.stream(ys(chart.spentPoints())).boxed().toList()).allMatch(y -> y == chart.plotBottom());
        assertThat(chart.limitY()).isGreaterThan(chart.plotTop()).isLessThan(chart.plotBottom());
    }

    @Test
    void the_forecast_continues_the_average_burn_to_the_period_end() {
        Instant now = Instant.parse("2026-03-16T12:00:00Z"); // half of March's 31 days
        List<Budget.Movement> movements = List.of(
                new Budget.Movement(START.plusSeconds(3_600), 10 * USD, 0),
                new Budget.Movement(START.plusSeconds(7_200), -10 * USD, 10 * USD),
                new Budget.Movement(START.plusSeconds(86_400 * 5), 5 * USD, 0),
                new Budget.Movement(START.plusSeconds(86_400 * 6), -5 * USD, 20 * USD),
                new Budget.Movement(START.plusSeconds(86_400 * 7), 4 * USD, 0));

        BurnChart.Chart chart = BurnChart.of(START, END, now, 100 * USD, movements, ZoneOffset.UTC);

        assertThat(chart.spent()).isEqualTo(30 * USD);
        assertThat(chart.held()).isEqualTo(4 * USD);
        assertThat(chart.forecastAtEnd()).isEqualTo(60 * USD);
        assertThat(chart.forecastOverLimit()).isFalse();
        assertThat(chart.exhaustedAt()).isNull();
        assertThat(chart.forecastX2()).isEqualTo((double) BurnChart.WIDTH - BurnChart.RIGHT);
        assertThat(chart.forecastY2()).isLessThan(chart.forecastY1());
        double[] spent = ys(chart.spentPoints());
        double[] held = ys(chart.heldPoints());
        assertThat(spent).hasSize(held.length).hasSize(17);
        for (int i = 1; i < spent.length; i++) {
            assertThat(spent[i]).as("cumulative spend never falls").isLessThanOrEqualTo(spent[i - 1]);
            assertThat(held[i]).as("spent + held is drawn above spent").isLessThanOrEqualTo(spent[i]);
        }
    }

    @Test
    void a_window_past_its_limit_is_over_and_the_scale_still_fits_everything() {
        Instant now = START.plusSeconds(86_400 * 3);
        BurnChart.Chart chart = BurnChart.of(START, END, now, 50 * USD,
                List.of(new Budget.Movement(START.plusSeconds(60), 0, 80 * USD)), ZoneOffset.UTC);

        assertThat(chart.overLimit()).isTrue();
        assertThat(chart.exhaustedAt()).as("already past the limit").isNull();
        assertThat(chart.forecastOverLimit()).isTrue();
        assertThat(chart.forecastY2()).as("a steep forecast is clipped at the top edge").isEqualTo(chart.plotTop());
        assertThat(chart.forecastX2()).isLessThan(chart.plotRight());
        assertThat(Arrays.stream(ys(chart.spentPoints())).boxed().toList()).allMatch(y -> y >= chart.plotTop() && y <= chart.plotBottom());
        assertThat(chart.limitY()).isGreaterThan(ys(chart.spentPoints())[1]);
    }

    @Test
    void a_fast_burn_predicts_when_the_limit_is_reached() {
        Instant now = START.plusSeconds(86_400 * 2);
        BurnChart.Chart chart = BurnChart.of(START, END, now, 100 * USD,
                List.of(new Budget.Movement(START.plusSeconds(60), 0, 20 * USD)), ZoneOffset.UTC);

        assertThat(chart.exhaustedAt()).isEqualTo(START.plusSeconds(86_400 * 10));
    }

    @Test
    void a_lifetime_budget_runs_from_creation_to_now_without_a_forecast() {
        Instant created = Instant.parse("2026-01-10T08:00:00Z");
        Instant now = Instant.parse("2026-03-10T08:00:00Z");
        BurnChart.Chart chart = BurnChart.of(created, null, now, 1_000 * USD,
                List.of(new Budget.Movement(created.plusSeconds(86_400), 0, 5 * USD)), ZoneOffset.UTC);

        assertThat(chart.hasForecast()).isFalse();
        assertThat(chart.forecastX1()).isNull();
        assertThat(chart.spent()).isEqualTo(5 * USD);
        assertThat(chart.nowX()).isEqualTo((double) BurnChart.WIDTH - BurnChart.RIGHT);
        assertThat(chart.xTicks().getFirst().label()).isEqualTo("10 Jan 2026");
        assertThat(chart.xTicks().getLast().label()).isEqualTo("10 Mar 2026");
    }

    @Test
    void a_daily_window_is_drawn_by_hour() {
        Instant start = Instant.parse("2026-03-05T00:00:00Z");
        BurnChart.Chart chart = BurnChart.of(start, start.plusSeconds(86_400), start.plusSeconds(6 * 3_600 + 30),
                10 * USD, List.of(new Budget.Movement(start.plusSeconds(3_700), 0, USD)), ZoneOffset.UTC);

        assertThat(chart.step()).isEqualTo("hour");
        assertThat(ys(chart.spentPoints())).hasSize(8);
        assertThat(chart.forecastAtEnd()).isBetween(3 * USD, 4 * USD);
    }

    private static double[] ys(String points) {
        return Arrays.stream(points.split(" ")).mapToDouble(p -> Double.parseDouble(p.split(",")[1])).toArray();
    }
}
