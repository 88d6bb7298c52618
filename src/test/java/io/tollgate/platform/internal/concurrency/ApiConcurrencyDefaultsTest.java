package io.tollgate.platform.internal.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** ADR 0057: out of the box, as many /v1 requests work at once as the pool has connections, and the wait is watched. */
@TollgateTest
class ApiConcurrencyDefaultsTest {

    @Autowired
    ApiConcurrencyProperties properties;

    @Autowired
    DataSource dataSource;

    @Autowired
    @Qualifier("apiConcurrencyLimitFilter")
    FilterRegistrationBean<ApiConcurrencyLimitFilter> registration;

    @Autowired
    MeterRegistry meters;

    @Test
    void the_bound_follows_the_pool_size_and_is_on() throws SQLException {
        assertThat(properties.maxRequests()).isEqualTo(dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize())
                .isPositive();
        assertThat(registration.isEnabled()).isTrue();
        assertThat(registration.getUrlPatterns()).containsExactly("/v1/*");
        assertThat(meters.get("tollgate.api.requests.waiting").gauge().value()).isZero();
    }
}
