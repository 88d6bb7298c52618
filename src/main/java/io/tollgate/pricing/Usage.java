package io.tollgate.pricing;

import java.util.EnumMap;
import java.util.Map;

import io.tollgate.platform.InvalidInputException;

/**
 * What one usage line consumed, per price class. Counts are disjoint (cached reads and cache writes are not also
 * counted as input), never negative, and bounded: more than {@link #MAX_TOKENS} tokens or {@link #MAX_UNITS}
 * requests, images or audio seconds in one line is refused as absurd.
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputReadTokens, long cacheWriteTokens,
                    long requests, long images, long audioSeconds) {

    public static final long MAX_TOKENS = 10_000_000_000L;
    public static final long MAX_UNITS = 100_000_000L;
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, 0);

    public Usage {
        check(PriceClass.INPUT, inputTokens);
        check(PriceClass.OUTPUT, outputTokens);
        check(PriceClass.CACHED_INPUT_READ, cachedInputReadTokens);
        check(PriceClass.CACHE_WRITE, cacheWriteTokens);
        check(PriceClass.REQUEST, requests);
        check(PriceClass.IMAGE, images);
        check(PriceClass.AUDIO_SECOND, audioSeconds);
    }

    public static Usage tokens(long input, long output) {
        return new Usage(input, output, 0, 0, 0, 0, 0);
    }

    public static Usage of(Map<PriceClass, Long> quantities) {
        Map<PriceClass, Long> q = new EnumMap<>(PriceClass.class);
        q.putAll(quantities);
        return new Usage(q.getOrDefault(PriceClass.INPUT, 0L), q.getOrDefault(PriceClass.OUTPUT, 0L),
                q.getOrDefault(PriceClass.CACHED_INPUT_READ, 0L), q.getOrDefault(PriceClass.CACHE_WRITE, 0L),
                q.getOrDefault(PriceClass.REQUEST, 0L), q.getOrDefault(PriceClass.IMAGE, 0L),
                q.getOrDefault(PriceClass.AUDIO_SECOND, 0L));
    }

    public long quantity(PriceClass priceClass) {
        return switch (priceClass) {
            case INPUT -> inputTokens;
            case OUTPUT -> outputTokens;
            case CACHED_INPUT_READ -> cachedInputReadTokens;
            case CACHE_WRITE -> cacheWriteTokens;
            case REQUEST -> requests;
            case IMAGE -> images;
            case AUDIO_SECOND -> audioSeconds;
        };
    }

    /** The API's name of a class's count: {@code input_tokens}, {@code images}, … */
    public static String fieldOf(PriceClass priceClass) {
        return switch (priceClass) {
            case INPUT -> "input_tokens";
            case OUTPUT -> "output_tokens";
            case CACHED_INPUT_READ -> "cached_input_read_tokens";
            case CACHE_WRITE -> "cache_write_tokens";
            case REQUEST -> "requests";
            case IMAGE -> "images";
            case AUDIO_SECOND -> "audio_seconds";
        };
    }

    private static void check(PriceClass priceClass, long quantity) {
        long max = priceClass.countsTokens() ? MAX_TOKENS : MAX_UNITS;
        if (quantity < 0) {
            throw new InvalidInputException(fieldOf(priceClass), "Must not be negative.");
        }
        if (quantity > max) {
            throw new InvalidInputException(fieldOf(priceClass), "At most " + max + " in one usage line.");
        }
    }
}
