package io.tollgate.platform;

import java.util.Locale;

/** The kinds of request that rate limits tell apart: each has its own quotas per credential and per tenant. */
public enum EndpointClass {
    /** Reservation decisions, commits, releases, extensions and leases: the hot path. */
    DECISION,
    /** Usage reported without a reservation. */
    USAGE,
    /** Reads (GET, HEAD). */
    READ,
    /** Every other write: configuration and administration. */
    ADMIN_WRITE,
    /** Provider billing webhooks. */
    WEBHOOK,
    /** Console sign-in attempts, per account and per client address. */
    SIGN_IN;

    /** The name used in configuration and in the rate-limit policy names, e.g. {@code admin-write}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
