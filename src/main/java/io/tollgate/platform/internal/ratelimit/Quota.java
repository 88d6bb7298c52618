package io.tollgate.platform.internal.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A number of requests per window, written {@code 100/1s}, {@code 3000/1m}, {@code 20/1h} or {@code 1000/1d}. */
record Quota(long requests, Duration window) {

    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,6})(s|m|h|d)\\s*");

    Quota {
        if (requests < 1) {
            throw new IllegalArgumentException("A quota allows at least one request.");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A quota's window is positive.");
        }
    }

    static Quota parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is no quota; write requests/window, e.g. 100/1s, 3000/1m, 20/1h.");
        }
        long amount = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return new Quota(Long.parseLong(m.group(1)), window);
    }

    static List<Quota> parseAll(List<String> texts) {
        return texts.stream().map(Quota::parse).toList();
    }

    /** The policy name's suffix, the window in seconds: {@code key-60s}. */
    String windowLabel() {
        return window.toSeconds() + "s";
    }

    @Override
    public String toString() {
        return requests + "/" + windowLabel();
    }
}
