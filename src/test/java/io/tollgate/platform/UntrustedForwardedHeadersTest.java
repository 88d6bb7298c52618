package io.tollgate.platform;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * With no trusted proxy configured (the default), an {@code X-Forwarded-For} header is ignored even from loopback:
 * the client address is the connection's peer for API key allowlists and the audit trail. (The sign-in address
 * throttle: {@code SignInThrottleTest}.)
 */
@TollgateTest
class UntrustedForwardedHeadersTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    ForwardedCalls calls;
    ConsoleClient owner;

    @BeforeEach
    void setUp() {
        calls = new ForwardedCalls(port);
        owner = calls.ownerFromLoopback("Untrusted");
    }

    @Test
    void a_forwarded_address_does_not_pass_an_api_key_address_allowlist() {
        String key = ForwardedCalls.keyLimitedToTenDotNetwork(owner, new BearerFixtures(port, Databases.of(environment)));

        HttpResponse<String> response = calls.callWithKey("127.0.0.1", key, "10.1.2.3");

        assertProblem(response, 401, "unauthenticated");
        assertThat(response.body()).contains("address");
    }

    @Test
    void a_forwarded_protocol_is_believed_on_neither_the_main_nor_the_management_port() {
        int managementPort = environment.getRequiredProperty("local.management.port", Integer.class);

        assertThat(ForwardedCalls.hstsForForwardedHttps("127.0.0.1", port, "/login")).isEmpty();
        assertThat(ForwardedCalls.hstsForForwardedHttps("127.0.0.1", managementPort, "/actuator/health")).isEmpty();
    }

    @Test
    void the_audit_trail_records_the_connection_address_not_a_forwarded_one() {
        owner.withHeader("X-Forwarded-For", "203.0.113.77");
        ForwardedCalls.keyLimitedToTenDotNetwork(owner, new BearerFixtures(port, Databases.of(environment)));

        assertThat(ForwardedCalls.auditedAddress(owner, "api_key.created")).isEqualTo("127.0.0.1");
    }
}
