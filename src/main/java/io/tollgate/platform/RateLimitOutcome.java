package io.tollgate.platform;

/**
 * What a rate-limit check decided, with the two response fields of draft-ietf-httpapi-ratelimit-headers-11
 * ({@code RateLimit-Policy} and {@code RateLimit}) already formatted.
 *
 * @param retryAfterSeconds when refused, how long until the exhausted quota has room again (at least 1)
 */
public record RateLimitOutcome(boolean allowed, long retryAfterSeconds, String policyHeader, String stateHeader) {
}
