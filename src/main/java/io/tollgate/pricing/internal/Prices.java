package io.tollgate.pricing.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
import io.tollgate.platform.PrefixedId;
import io.tollgate.pricing.PriceClass;

/** Parsing and printing of the price book's values, the same way in the API, the console and imported files. */
public final class Prices {

    /** The API prefix of a price override id. */
    public static final String OVERRIDE_PREFIX = "prc";
    /** A unit price above this (USD per 1M tokens, or per unit) is taken for a typo. */
    public static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000);
    public static final int MAX_NOTE = 500;

    private Prices() {
    }

    /** A price as exact decimal text ({@code 2.5}, {@code 0.0375}) in {@link Money#ofUsd}'s grammar; at most 1M. */
    public static BigDecimal usd(String field, String text) {
        BigDecimal usd;
        try {
            usd = Money.usdDecimal(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
        if (usd.compareTo(MAX_USD) > 0) {
            throw new InvalidInputException(field, "At most 1000000 USD per unit.");
        }
        return normalised(usd);
    }

    public static PriceClass priceClass(String field, String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return PriceClass.fromApiName(value).orElseThrow(() -> new InvalidInputException(field,
                "Use one of input, output, cached_input_read, cache_write, request, image, audio_second."));
    }

    public static LocalDate date(String field, String text) {
        try {
            LocalDate date = LocalDate.parse(text == null ? "" : text.strip());
            if (date.getYear() < 2000 || date.getYear() > 2999) {
                throw new InvalidInputException(field, "Use a date between 2000-01-01 and 2999-12-31.");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "Give a date as YYYY-MM-DD.");
        }
    }

    public static String note(String field, String text) {
        String value = text == null ? "" : text.strip();
        if (value.length() > MAX_NOTE) {
            throw new InvalidInputException(field, "Use at most " + MAX_NOTE + " characters.");
        }
        return value;
    }

    /** A price without trailing zeros and never in exponent form: {@code 2.5}, {@code 0.0375}, {@code 10}. */
    public static String plain(BigDecimal usd) {
        return usd.signum() == 0 ? "0" : usd.stripTrailingZeros().toPlainString();
    }

    public static String overrideId(UUID id) {
        return PrefixedId.format(OVERRIDE_PREFIX, id);
    }

    private static BigDecimal normalised(BigDecimal usd) {
        BigDecimal stripped = usd.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
