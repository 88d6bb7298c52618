package io.tollgate.platform.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * What every request is observed by (ADR 0056): the HTTP server observation, which feeds
 * {@code http.server.requests} and opens the trace whose id reaches the logs and the audit trail. Not Spring
 * Security's observations of each filter, authentication and authorization: they cost more CPU than the rest of an
 * unauthenticated request (a timer and span events per filter, the exception's stack trace rendered into a span on
 * every refusal), and no dashboard, alert or runbook reads them. Refusals still show in
 * {@code http.server.requests} by status.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
