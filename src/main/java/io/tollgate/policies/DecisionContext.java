package io.tollgate.policies;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Everything a rule may look at, built by the caller for one spend request (DESIGN §10). Money is in nano-USD.
 * {@code history} is null unless the published bundle references it ({@link PolicyGate#needsHistory}), because
 * it costs database reads.
 */
public record DecisionContext(Request request, Party agent, Party project, Party team, Time time,
                              List<BudgetWindow> budgets, @Nullable History history) {

    /** The request being decided. {@code estimatedTokens} maps a token class (input, output, cached_input …). */
    public record Request(String provider, String model, long estimatedNanoUsd, Map<String, Long> estimatedTokens,
                          Duration ttl, Map<String, String> tags) {
    }

    /** An agent, project or team: prefixed id, display name and tags. */
    public record Party(String id, String name, Map<String, String> tags) {
    }

    /** When the request is decided, and the tenant's time zone (for local hour, weekday and date). */
    public record Time(Instant utc, ZoneId zone) {
    }

    /** One window of the request's budget chain, as locked before this request's hold. */
    public record BudgetWindow(String scope, String scopeId, String period, boolean hard, long limitNanoUsd,
                               long usedNanoUsd) {

        public long remainingNanoUsd() {
            return limitNanoUsd - usedNanoUsd;
        }
    }

    /** The agent's recent activity. */
    public record History(long agentSpentTodayNanoUsd, long agentSpentPeriodNanoUsd, long requestsLastHour,
                          boolean modelUsedBefore) {
    }
}
