package io.tollgate.pricing;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a usage line is charged for. Token classes are priced in USD per million tokens, as providers publish them;
 * the others in USD per single unit (a request, an image, a second of audio). The classes of one usage line are
 * disjoint: {@link #INPUT} counts only input tokens that were neither read from nor written to a cache.
 */
public enum PriceClass {
    INPUT("input", true, "1M tokens"),
    OUTPUT("output", true, "1M tokens"),
    CACHED_INPUT_READ("cached_input_read", true, "1M tokens"),
    CACHE_WRITE("cache_write", true, "1M tokens"),
    REQUEST("request", false, "request"),
    IMAGE("image", false, "image"),
    AUDIO_SECOND("audio_second", false, "second of audio");

    private static final BigDecimal NANOS_PER_TOKEN_PER_USD_PER_MILLION = BigDecimal.valueOf(1_000);
    private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000);

    private final String apiName;
    private final boolean tokens;
    private final String unit;

    PriceClass(String apiName, boolean tokens, String unit) {
        this.apiName = apiName;
        this.tokens = tokens;
        this.unit = unit;
    }

    /** The name in the API, files and the database: {@code input}, {@code cached_input_read}, … */
    public String apiName() {
        return apiName;
    }

    public boolean countsTokens() {
        return tokens;
    }

    /** What one price is for: {@code 1M tokens}, {@code request}, {@code image}, {@code second of audio}. */
    public String unit() {
        return unit;
    }

    /** The exact cost in nano-USD of {@code quantity} units at {@code usd} per pricing unit; not rounded. */
    public BigDecimal exactNanos(long quantity, BigDecimal usd) {
        BigDecimal factor = tokens ? NANOS_PER_TOKEN_PER_USD_PER_MILLION : NANOS_PER_USD;
        return usd.multiply(factor).multiply(BigDecimal.valueOf(quantity));
    }

    public static Optional<PriceClass> fromApiName(String name) {
        return Arrays.stream(values()).filter(c -> c.apiName.equals(name)).findFirst();
    }
}
