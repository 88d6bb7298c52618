package io.tollgate.platform.internal.ratelimit;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.platform.TenantTransactions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    /** After the filters that authenticate a request and bind its tenant (they run at lowest precedence − 100). */
    static final int FILTER_ORDER = Ordered.LOWEST_PRECEDENCE - 50;

    @Bean
    PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets(DataSource dataSource) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .build();
    }

    @Bean
    BucketStore bucketStore(PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets,
                            RateLimitProperties properties, MeterRegistry meters) {
        return new BucketStore(rateLimitBuckets, properties.sync(), properties.storageRetryAfter(),
                properties.maxCachedBuckets(), meters);
    }

    @Bean
    TenantQuotas tenantQuotas(RateLimitProperties properties, TenantTransactions transactions, JdbcTemplate jdbc,
                              Clock clock) {
        return new TenantQuotas(properties, transactions, jdbc, clock);
    }

    @Bean
    RateLimiter rateLimiter(BucketStore buckets, TenantQuotas tenantQuotas, RateLimitProperties properties) {
        return new RateLimiter(buckets, tenantQuotas, properties);
    }

    @Bean
    FilterRegistrationBean<ApiRateLimitFilter> apiRateLimitFilter(RateLimiter limiter) {
        var registration = new FilterRegistrationBean<>(new ApiRateLimitFilter(limiter));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    @Bean
    RateLimitHousekeeping rateLimitHousekeeping(PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets,
                                                BucketStore buckets) {
        return new RateLimitHousekeeping(rateLimitBuckets, buckets);
    }

    @Bean
    RateLimitsEndpoint rateLimitsEndpoint(TenantQuotas tenantQuotas, TenantTransactions transactions,
                                          JdbcTemplate jdbc, RateLimitProperties properties) {
        return new RateLimitsEndpoint(tenantQuotas, transactions, jdbc, properties);
    }
}
