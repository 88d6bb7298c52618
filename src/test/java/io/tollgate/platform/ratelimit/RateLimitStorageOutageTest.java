package io.tollgate.platform.ratelimit;

import static io.tollgate.identity.BearerFixtures.issueKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * The chosen fail mode (ADR 0030): when the shared bucket table cannot be used, each replica keeps limiting on its
 * own, with the same quotas, and goes back to the shared buckets once the table works again.
 */
@TollgateTest
@ExtendWith(OutputCaptureExtension.class)
class RateLimitStorageOutageTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    Environment environment;

    @Test
    void without_its_table_the_limiter_falls_back_to_local_buckets_and_recovers(CapturedOutput output) {
        ConsoleClient owner = TestAccounts.fresh("Outage").signUp(port);
        BearerFixtures fixtures = new BearerFixtures(port, Databases.of(environment));
        UUID tenant = BearerFixtures.tenantOf(owner);
        String key = issueKey(owner, fixtures.agentIn(tenant), "[\"read\"]", "").get("secret").asString();
        new RateLimitOperator(managementPort).set(tenant, "roomy", "{\"read\":{\"credential\":[\"3/1h\"]}}");
        assertThat(fixtures.call(key, "GET", "/v1/organization").statusCode()).isEqualTo(200);

        fixtures.sql("ALTER TABLE rate_limit_buckets RENAME TO rate_limit_buckets_away");
        try {
            for (int i = 0; i < 3; i++) {
                var served = fixtures.call(key, "GET", "/v1/organization");
                assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
                assertThat(served.headers().firstValue("RateLimit")).isPresent();
            }
            assertThat(fixtures.call(key, "GET", "/v1/organization").statusCode()).isEqualTo(429);
            assertThat(output.getAll()).contains("Rate-limit storage failed");
        } finally {
            fixtures.sql("ALTER TABLE rate_limit_buckets_away RENAME TO rate_limit_buckets");
        }

        assertThat(fixtures.call(key, "GET", "/v1/organization").statusCode()).isEqualTo(200);
        assertThat(fixtures.call(key, "GET", "/v1/organization").statusCode()).isEqualTo(200);
        assertThat(fixtures.call(key, "GET", "/v1/organization").statusCode()).isEqualTo(429);
        assertThat(output.getAll()).contains("Rate-limit storage is reachable again");
    }
}
