package io.tollgate.platform.internal.ratelimit;

/**
 * The result of drawing one request from a bucket.
 *
 * @param binding      the quota with the least room left: the one the {@code RateLimit} field reports
 * @param remaining    requests left under that quota
 * @param resetSeconds an upper bound on the seconds until that quota has room again
 */
record Probe(LimitedScope scope, boolean consumed, Quota binding, long remaining, long resetSeconds) {
}
