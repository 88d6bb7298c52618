package io.tollgate.platform.internal.concurrency;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiConcurrencyProperties.class)
class ApiConcurrencyConfiguration {

    /** After the rate limiter (lowest precedence − 50), so only authenticated, admitted callers take a place. */
    static final int FILTER_ORDER = Ordered.LOWEST_PRECEDENCE - 40;

    @Bean
    FilterRegistrationBean<ApiConcurrencyLimitFilter> apiConcurrencyLimitFilter(ApiConcurrencyProperties properties,
                                                                              MeterRegistry meters) {
        var filter = new ApiConcurrencyLimitFilter(properties.maxRequests(), properties.maxWait());
        var registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(FILTER_ORDER);
        registration.setEnabled(properties.maxRequests() > 0);
        Gauge.builder("tollgate.api.requests.waiting", filter, ApiConcurrencyLimitFilter::waiting)
                .description("/v1 requests waiting for a place (tollgate.api.concurrency.max-requests)")
                .register(meters);
        return registration;
    }
}
