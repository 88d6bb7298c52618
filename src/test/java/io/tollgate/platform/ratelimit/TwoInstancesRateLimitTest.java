package io.tollgate.platform.ratelimit;

import static io.tollgate.identity.BearerFixtures.issueKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.tollgate.TollgateApplication;
import io.tollgate.identity.BearerFixtures;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** Two running instances of the application on one database enforce one limit, not one each. */
@TollgateTest
class TwoInstancesRateLimitTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    Environment environment;

    @Test
    void a_key_gets_its_quota_once_across_both_instances() {
        ConsoleClient owner = TestAccounts.fresh("Replicas").signUp(port);
        Databases databases = Databases.of(environment);
        UUID tenant = BearerFixtures.tenantOf(owner);
        BearerFixtures first = new BearerFixtures(port, databases);
        String key = issueKey(owner, first.agentIn(tenant), "[\"read\"]", "").get("secret").asString();
        new RateLimitOperator(managementPort).set(tenant, "roomy", "{\"read\":{\"credential\":[\"20/1h\"]}}");

        // Command-line arguments outrank application-test.yaml; the test profile's embedded database is shared.
        try (ConfigurableApplicationContext secondInstance = new SpringApplicationBuilder(TollgateApplication.class)
                .profiles("test").run("--server.port=0", "--management.server.port=0")) {
            int secondPort = ((WebServerApplicationContext) secondInstance).getWebServer().getPort();
            BearerFixtures second = new BearerFixtures(secondPort, databases);

            int allowedByFirst = 0;
            int allowedBySecond = 0;
            for (int i = 0; i < 20; i++) {
                allowedByFirst += first.call(key, "GET", "/v1/organization").statusCode() == 200 ? 1 : 0;
                allowedBySecond += second.call(key, "GET", "/v1/organization").statusCode() == 200 ? 1 : 0;
            }

            assertThat(allowedByFirst + allowedBySecond).isEqualTo(20);
            assertThat(allowedByFirst).isEqualTo(10);
            assertThat(second.call(key, "GET", "/v1/organization").statusCode()).isEqualTo(429);
        }
    }
}
