package io.tollgate.pricing.internal.web;

import java.time.LocalDate;
import java.util.Locale;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.pricing.internal.Prices;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/** The price list's filters as typed: provider (exact), model text (part of the name), day, and the page cursor. */
public class PriceFilterFormData {

    private String provider = "";
    private String q = "";
    private String at = "";
    private String cursor = "";

    public String getProvider() { return provider; }
    public void setProvider(@Nullable String value) { provider = clean(value).toLowerCase(Locale.ROOT); }
    public String getQ() { return q; }
    public void setQ(@Nullable String value) { q = clean(value).toLowerCase(Locale.ROOT); }
    public String getAt() { return at; }
    public void setAt(@Nullable String value) { at = clean(value); }
    public String getCursor() { return cursor; }
    public void setCursor(@Nullable String value) { cursor = clean(value); }

    public boolean isFiltered() {
        return !(provider + q + at).isEmpty();
    }

    /** The day, or {@code today} when none is given; an unreadable day is reported on the {@code at} field. */
    LocalDate day(LocalDate today) {
        return at.isEmpty() ? today : Prices.date("at", at);
    }

    @Nullable String providerOrNull() {
        if (provider.length() > 40) {
            throw new InvalidInputException("provider", "Use at most 40 characters.");
        }
        return provider.isEmpty() ? null : provider;
    }

    @Nullable String modelTextOrNull() {
        if (q.length() > 200) {
            throw new InvalidInputException("q", "Use at most 200 characters.");
        }
        return q.isEmpty() ? null : q;
    }

    /** The page's URL with these filters and the given cursor (none: the first page). */
    String link(String path, @Nullable String nextCursor) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromPath(path);
        if (!provider.isEmpty()) {
            builder.queryParam("provider", provider);
        }
        if (!q.isEmpty()) {
            builder.queryParam("q", q);
        }
        if (!at.isEmpty()) {
            builder.queryParam("at", at);
        }
        if (nextCursor != null) {
            builder.queryParam("cursor", nextCursor);
        }
        return builder.encode().build().toUriString();
    }

    private static String clean(@Nullable String value) {
        return value == null ? "" : value.strip();
    }
}
