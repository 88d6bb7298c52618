package io.tollgate.budgets.internal.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.tollgate.budgets.ReservationState;
import io.tollgate.budgets.internal.ledger.ReservationStore;
import io.tollgate.platform.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The reservations explorer's filters as the query string carries them: agent (id), state, model (exact), and a
 * time range of creation as local date-times in the organisation's time zone; {@code cursor} is the last id shown.
 */
public class ReservationFilterFormData {

    private String agent = "";
    private String state = "";
    private String model = "";
    private String from = "";
    private String to = "";
    private String cursor = "";

    public String getAgent() { return agent; }
    public void setAgent(@Nullable String value) { agent = clean(value); }
    public String getState() { return state; }
    public void setState(@Nullable String value) { state = clean(value); }
    public String getModel() { return model; }
    public void setModel(@Nullable String value) { model = clean(value); }
    public String getFrom() { return from; }
    public void setFrom(@Nullable String value) { from = clean(value); }
    public String getTo() { return to; }
    public void setTo(@Nullable String value) { to = clean(value); }
    public String getCursor() { return cursor; }
    public void setCursor(@Nullable String value) { cursor = clean(value); }

    ReservationStore.Filter toFilter(ZoneId zone) {
        UUID agentId = null;
        if (!agent.isEmpty()) {
            try {
                agentId = UUID.fromString(agent);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("agent", "Choose an agent from the list.");
            }
        }
        ReservationState chosen = null;
        if (!state.isEmpty()) {
            try {
                chosen = ReservationState.valueOf(state.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("state", "Choose a state from the list.");
            }
        }
        Instant fromAt = time("from", from, zone);
        Instant toAt = time("to", to, zone);
        if (fromAt != null && toAt != null && !toAt.isAfter(fromAt)) {
            throw new InvalidInputException("to", "Give a “to” time after the “from” time.");
        }
        return new ReservationStore.Filter(agentId, chosen, model.isEmpty() ? null : model, fromAt, toAt);
    }

    @Nullable UUID cursorOrNull() {
        if (cursor.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", "That page link is not valid; start from the first page.");
        }
    }

    /** This filter's link with another cursor (null: the first page). */
    String link(String path, @Nullable String nextCursor) {
        List<String> parts = new ArrayList<>();
        add(parts, "agent", agent);
        add(parts, "state", state);
        add(parts, "model", model);
        add(parts, "from", from);
        add(parts, "to", to);
        if (nextCursor != null) {
            add(parts, "cursor", nextCursor);
        }
        return parts.isEmpty() ? path : path + "?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (!value.isEmpty()) {
            parts.add(name + "=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static @Nullable Instant time(String field, String value, ZoneId zone) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "Give a date and time as YYYY-MM-DDTHH:MM.");
        }
    }

    private static String clean(@Nullable String value) {
        return value == null ? "" : value.strip();
    }
}
