package io.tollgate.budgets.internal.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tollgate.budgets.internal.Budget;
import org.jspecify.annotations.Nullable;

/**
 * The maths of a budget's burn chart, drawn as server-side SVG (the CSP allows no chart script): cumulative spent
 * and spent + held over the current window, sampled by hour (windows of two days or less) or by day, the limit,
 * and a straight-line forecast to the period's end from the average burn so far (clipped at the top edge). A lifetime budget has no end, so
 * no forecast: its chart runs from the budget's creation to now.
 */
final class BurnChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    static final int LEFT = 72;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 40;
    static final int MAX_SAMPLES = 400;

    /** A labelled position on an axis, in SVG user units. */
    record Tick(double at, String label) {
    }

    /**
     * Everything the template draws. {@code spentPoints}/{@code heldPoints} are SVG polyline points; amounts are
     * nano-USD; {@code forecastAtEnd} and the forecast line are null without a period end or before any time passed.
     */
    record Chart(String spentPoints, String heldPoints, double limitY, double nowX, double plotLeft, double plotRight,
                 double plotTop, double plotBottom, @Nullable Double forecastX1, @Nullable Double forecastY1,
                 @Nullable Double forecastX2, @Nullable Double forecastY2, long spent, long held, long limit,
                 @Nullable Long forecastAtEnd, @Nullable Instant exhaustedAt, boolean overLimit, String step,
                 List<Tick> xTicks, List<Tick> yTicks) {

        public boolean hasForecast() {
            return forecastAtEnd != null;
        }

        public boolean forecastOverLimit() {
            return forecastAtEnd != null && forecastAtEnd > limit;
        }
    }

    private BurnChart() {
    }

    /**
     * @param start     the window's start (for a lifetime budget, when the budget was created)
     * @param end       the window's end; null for a lifetime budget
     * @param movements the window's ledger movements in order
     */
    static Chart of(Instant start, @Nullable Instant end, Instant now, long limit, List<Budget.Movement> movements,
                    ZoneId zone) {
        Instant from = start;
        for (Budget.Movement m : movements) {
            if (m.at().isBefore(from)) {
                from = m.at();
            }
        }
        Instant until = now.isBefore(from) ? from : now;
        Instant to = end != null ? end : until;
        if (!to.isAfter(from)) {
            to = from.plus(Duration.ofHours(1));
        }
        if (until.isAfter(to)) {
            until = to;
        }
        Duration step = Duration.between(from, to).compareTo(Duration.ofDays(2)) <= 0
                ? Duration.ofHours(1) : Duration.ofDays(1);
        long steps = Duration.between(from, until).dividedBy(step);
        if (steps > MAX_SAMPLES) {
            step = step.multipliedBy((steps + MAX_SAMPLES - 1) / MAX_SAMPLES);
        }

        List<Instant> samples = new ArrayList<>();
        for (Instant t = from; t.isBefore(until); t = t.plus(step)) {
            samples.add(t);
        }
        samples.add(until);

        long[] spentAt = new long[samples.size()];
        long[] heldAt = new long[samples.size()];
        long spent = 0;
        long held = 0;
        long peak = 0;
        int next = 0;
        for (int i = 0; i < samples.size(); i++) {
            Instant t = samples.get(i);
            while (next < movements.size() && !movements.get(next).at().isAfter(t)) {
                spent += movements.get(next).spent();
                held += movements.get(next).reserved();
                next++;
            }
            spentAt[i] = spent;
            heldAt[i] = held;
            peak = Math.max(peak, spent + Math.max(held, 0));
        }
        while (next < movements.size()) {
            spent += movements.get(next).spent();
            held += movements.get(next).reserved();
            next++;
        }
        spentAt[samples.size() - 1] = spent;
        heldAt[samples.size() - 1] = held;
        peak = Math.max(peak, spent + Math.max(held, 0));

        Long forecast = null;
        Instant exhausted = null;
        long elapsed = Duration.between(from, until).toMillis();
        if (end != null && elapsed > 0) {
            double rate = (double) spent / elapsed;
            long remainingMillis = Duration.between(until, end).toMillis();
            forecast = Math.round(spent + rate * remainingMillis);
            if (rate > 0 && spent < limit && forecast > limit) {
                exhausted = until.plusMillis(Math.round((limit - spent) / rate));
            }
        }

        // The scale fits what happened and the limit; a steep forecast is clipped at the top edge rather than
        // squashing the real spend into the bottom of the chart.
        double yMax = Math.max(1, Math.max(limit, peak) * 1.25);
        Scale scale = new Scale(from, to, yMax);
        Instant forecastEnd = to;
        double forecastValue = forecast == null ? 0 : forecast;
        if (forecast != null && forecast > yMax && forecast > spent) {
            double fraction = (yMax - spent) / (forecast - spent);
            forecastEnd = until.plusMillis(Math.round(Duration.between(until, to).toMillis() * fraction));
            forecastValue = yMax;
        }

        StringBuilder spentPoints = new StringBuilder();
        StringBuilder heldPoints = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            double x = scale.x(samples.get(i));
            append(spentPoints, x, scale.y(spentAt[i]));
            append(heldPoints, x, scale.y(spentAt[i] + Math.max(heldAt[i], 0)));
        }

        List<Tick> yTicks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            long value = Math.round(yMax * i / 4);
            yTicks.add(new Tick(round(scale.y(value)), Usd.format(value)));
        }
        DateTimeFormatter label = DateTimeFormatter.ofPattern(step.compareTo(Duration.ofDays(1)) < 0
                ? "d MMM HH:mm" : "d MMM yyyy", Locale.ENGLISH).withZone(zone);
        Instant middle = from.plus(Duration.between(from, to).dividedBy(2));
        List<Tick> xTicks = List.of(new Tick(round(scale.x(from)), label.format(from)),
                new Tick(round(scale.x(middle)), label.format(middle)),
                new Tick(round(scale.x(to)), label.format(to)));

        double nowX = round(scale.x(until));
        return new Chart(spentPoints.toString(), heldPoints.toString(), round(scale.y(limit)), nowX, LEFT,
                WIDTH - RIGHT, TOP, HEIGHT - BOTTOM, forecast == null ? null : nowX,
                forecast == null ? null : round(scale.y(spent)), forecast == null ? null : round(scale.x(forecastEnd)),
                forecast == null ? null : round(scale.y(forecastValue)), spent, Math.max(held, 0), limit, forecast,
                exhausted, spent >= limit, step.compareTo(Duration.ofDays(1)) < 0 ? "hour" : "day", xTicks, yTicks);
    }

    private record Scale(Instant from, Instant to, double yMax) {

        double x(Instant t) {
            double span = Duration.between(from, to).toMillis();
            return LEFT + (WIDTH - LEFT - RIGHT) * (Duration.between(from, t).toMillis() / span);
        }

        double y(double value) {
            double height = HEIGHT - TOP - BOTTOM;
            return TOP + height - height * Math.max(0, value) / yMax;
        }
    }

    private static void append(StringBuilder points, double x, double y) {
        if (!points.isEmpty()) {
            points.append(' ');
        }
        points.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
