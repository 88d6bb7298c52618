package io.tollgate.platform.internal.ratelimit;

import java.util.List;
import java.util.stream.Collectors;

import io.tollgate.platform.RateLimitOutcome;

/**
 * The response fields of draft-ietf-httpapi-ratelimit-headers-11, as Structured Field lists:
 * {@code RateLimit-Policy: "key-1s";q=100;w=1, "key-60s";q=3000;w=60} names every quota that applies, and
 * {@code RateLimit: "key-1s";r=42;t=1} reports, per bucket drawn from, the quota closest to running out.
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static RateLimitOutcome outcome(List<LimitedScope> scopes, List<Probe> probes) {
        String policy = scopes.stream()
                .flatMap(scope -> scope.quotas().stream().map(quota -> item(scope, quota)
                        + ";q=" + quota.requests() + ";w=" + quota.window().toSeconds()))
                .collect(Collectors.joining(", "));
        String state = probes.stream()
                .map(probe -> item(probe.scope(), probe.binding()) + ";r=" + probe.remaining()
                        + ";t=" + probe.resetSeconds())
                .collect(Collectors.joining(", "));
        Probe refused = probes.isEmpty() ? null : probes.getLast().consumed() ? null : probes.getLast();
        return new RateLimitOutcome(refused == null, refused == null ? 0 : refused.resetSeconds(), policy, state);
    }

    private static String item(LimitedScope scope, Quota quota) {
        return "\"" + scope.policy() + "-" + quota.windowLabel() + "\"";
    }
}
