package io.tollgate.budgets;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

import org.jspecify.annotations.Nullable;

/**
 * How often a budget starts over: calendar days, ISO weeks (from Monday) and months in the tenant's time zone, or
 * never. A window starts at the zone's first instant of its day, so DST changes give 23- or 25-hour days.
 */
public enum BudgetPeriod {
    DAILY, WEEKLY, MONTHLY, LIFETIME;

    /** The window [start, end) containing {@code at}; {@code end} is null for a lifetime budget. */
    public record Window(Instant start, @Nullable Instant end) {
    }

    /** Where every lifetime window starts: one window for all time. */
    public static final Instant LIFETIME_START = Instant.parse("2000-01-01T00:00:00Z");

    public Window windowAt(Instant at, ZoneId zone) {
        LocalDate day = at.atZone(zone).toLocalDate();
        return switch (this) {
            case DAILY -> window(day, day.plusDays(1), zone);
            case WEEKLY -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield window(monday, monday.plusWeeks(1), zone);
            }
            case MONTHLY -> {
                LocalDate first = day.withDayOfMonth(1);
                yield window(first, first.plusMonths(1), zone);
            }
            case LIFETIME -> new Window(LIFETIME_START, null);
        };
    }

    private static Window window(LocalDate from, LocalDate to, ZoneId zone) {
        return new Window(from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant());
    }
}
