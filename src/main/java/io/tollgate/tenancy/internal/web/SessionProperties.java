package io.tollgate.tenancy.internal.web;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tollgate.sessions.*}: a console session ends after {@code idle-timeout} without requests, and in any case
 * {@code absolute-timeout} after sign-in.
 */
@Validated
@ConfigurationProperties("tollgate.sessions")
record SessionProperties(@NotNull @DefaultValue("30m") Duration idleTimeout,
                         @NotNull @DefaultValue("12h") Duration absoluteTimeout) {
}
