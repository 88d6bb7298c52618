package io.tollgate.policies.internal;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tollgate.policies.*}.
 *
 * @param recheckInterval how often a replica asks the database for the latest version of every tenant it has cached,
 *                        in case a notification was lost (LISTEN/NOTIFY is the fast path)
 * @param reconnectDelay  wait before the listener opens its connection again after losing it
 * @param lookBack        how many older versions a replica tries when the latest does not compile (last-known-good)
 */
@Validated
@ConfigurationProperties("tollgate.policies")
record PolicyProperties(@NotNull @DefaultValue("30s") Duration recheckInterval,
                        @NotNull @DefaultValue("1s") Duration reconnectDelay,
                        @Min(1) @Max(1000) @DefaultValue("20") int lookBack) {
}
