package io.tollgate.audit.internal.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

import io.tollgate.audit.AuditQuery;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.Errors;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit log's filters as typed (every one optional), converted to an {@link AuditQuery} or to field errors.
 * Times are UTC. {@code to} includes the whole last unit written: a day, a minute or a second.
 */
class AuditFilterFormData {

    static final String DATE_MESSAGE = "Enter a date such as 2025-01-31, or a date and time such as 2025-01-31T14:30 (UTC).";
    private static final String TOO_LONG = "Use at most 200 characters.";

    @Size(max = 200, message = TOO_LONG)
    private String actor = "";
    @Size(max = 200, message = TOO_LONG)
    private String action = "";
    @Size(max = 200, message = TOO_LONG)
    private String targetType = "";
    @Size(max = 200, message = TOO_LONG)
    private String targetId = "";
    @Size(max = 40, message = DATE_MESSAGE)
    private String from = "";
    @Size(max = 40, message = DATE_MESSAGE)
    private String to = "";
    @Size(max = 200, message = TOO_LONG)
    private String q = "";
    private String before = "";

    public String getActor() { return actor; }
    public void setActor(@Nullable String value) { actor = clean(value); }
    public String getAction() { return action; }
    public void setAction(@Nullable String value) { action = clean(value); }
    public String getTargetType() { return targetType; }
    public void setTargetType(@Nullable String value) { targetType = clean(value); }
    public String getTargetId() { return targetId; }
    public void setTargetId(@Nullable String value) { targetId = clean(value); }
    public String getFrom() { return from; }
    public void setFrom(@Nullable String value) { from = clean(value); }
    public String getTo() { return to; }
    public void setTo(@Nullable String value) { to = clean(value); }
    public String getQ() { return q; }
    public void setQ(@Nullable String value) { q = clean(value); }
    public String getBefore() { return before; }
    public void setBefore(@Nullable String value) { before = clean(value); }

    /** The form's label of a field, for the error summary. */
    public String label(String field) {
        return switch (field) {
            case "targetType" -> "Target type";
            case "targetId" -> "Target id";
            case "q" -> "Search";
            default -> field.isEmpty() ? field : Character.toUpperCase(field.charAt(0)) + field.substring(1);
        };
    }

    /** Whether any filter is set (the cursor is not a filter). */
    public boolean isFiltered() {
        return !(actor + action + targetType + targetId + from + to + q).isEmpty();
    }

    /**
     * The query, or null when a field does not convert (the reasons are added to {@code errors}). A date without a
     * time is rewritten as the date and time it stands for, so the form's datetime inputs can show it.
     */
    @Nullable AuditQuery toQuery(Errors errors) {
        Bound start = bound("from", from, errors);
        Bound end = bound("to", to, errors);
        if (start != null && start.dateOnly()) {
            from = from + "T00:00";
        }
        if (end != null && end.dateOnly()) {
            to = to + "T23:59";
        }
        if (start != null && end != null && !start.first().isBefore(end.after())) {
            errors.rejectValue("to", "range", "The end must not be before the start.");
        }
        if (errors.hasErrors()) {
            return null;
        }
        return new AuditQuery(blankToNull(actor), blankToNull(action), blankToNull(targetType),
                blankToNull(targetId), start == null ? null : start.first(), end == null ? null : end.after(),
                blankToNull(q));
    }

    /** The page cursor: events recorded before this position; null for the newest page. */
    @Nullable Long before(Errors errors) {
        if (before.isEmpty()) {
            return null;
        }
        try {
            long seq = Long.parseLong(before);
            if (seq > 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.reject("cursor", "That page link is not valid. Start again from the newest events.");
        return null;
    }

    /** {@code path} with the current filters (not the cursor) and, when given, a cursor; for links and exports. */
    String link(String path, @Nullable Long before) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        param(uri, "actor", actor);
        param(uri, "action", action);
        param(uri, "targetType", targetType);
        param(uri, "targetId", targetId);
        param(uri, "from", from);
        param(uri, "to", to);
        param(uri, "q", q);
        if (before != null) {
            uri.queryParam("before", before);
        }
        return uri.encode().build().toUriString();
    }

    private static void param(UriComponentsBuilder uri, String name, String value) {
        if (!value.isEmpty()) {
            uri.queryParam(name, value);
        }
    }

    /** A point in time as typed: the first instant it names and the first instant after it. */
    private record Bound(Instant first, Instant after, boolean dateOnly) {
    }

    private static @Nullable Bound bound(String field, String text, Errors errors) {
        if (text.isEmpty() || errors.hasFieldErrors(field)) {
            return null;
        }
        Bound bound = parse(text.replace(' ', 'T'));
        if (bound == null) {
            errors.rejectValue(field, "date", DATE_MESSAGE);
        }
        return bound;
    }

    private static @Nullable Bound parse(String text) {
        try {
            if (!text.contains("T")) {
                LocalDate date = LocalDate.parse(text);
                return plausible(date.getYear()) ? new Bound(date.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), true) : null;
            }
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from,
                    LocalDateTime::from);
            ZonedDateTime time = parsed instanceof ZonedDateTime zoned ? zoned
                    : ((LocalDateTime) parsed).atZone(ZoneOffset.UTC);
            if (!plausible(time.getYear())) {
                return null;
            }
            Instant first = time.toInstant();
            return new Bound(first, first.plus(1, precision(text)), false);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** How finely a date and time was written: {@code 14:30} is a minute, {@code 14:30:05} a second. */
    private static ChronoUnit precision(String text) {
        String time = text.substring(text.indexOf('T') + 1).split("[Z+\\-\\[]", 2)[0];
        if (time.contains(".")) {
            return ChronoUnit.MICROS;
        }
        return time.chars().filter(c -> c == ':').count() >= 2 ? ChronoUnit.SECONDS : ChronoUnit.MINUTES;
    }

    private static boolean plausible(int year) {
        return year >= 1 && year <= 9999;
    }

    private static String clean(@Nullable String value) {
        return value == null ? "" : value.strip();
    }

    private static @Nullable String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
