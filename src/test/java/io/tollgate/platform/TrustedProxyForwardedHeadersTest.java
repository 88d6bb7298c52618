package io.tollgate.platform;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.ProductionNetworkingTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * Behind a proxy listed in {@code tollgate.http.trusted-proxies} (here 127.0.0.1), the address it forwards is the
 * client address; the same header from any other peer, even another loopback address, is ignored.
 */
@ProductionNetworkingTest
class TrustedProxyForwardedHeadersTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    ForwardedCalls calls;
    ConsoleClient owner;
    String key;

    @BeforeEach
    void setUp() {
        calls = new ForwardedCalls(port);
        owner = calls.ownerFromLoopback("Proxied");
        key = ForwardedCalls.keyLimitedToTenDotNetwork(owner, new BearerFixtures(port, Databases.of(environment)));
    }

    @Test
    void the_trusted_proxy_forwards_the_client_address_to_the_allowlist_and_the_audit_trail() {
        HttpResponse<String> response = calls.callWithKey("127.0.0.1", key, "10.1.2.3");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        owner.withHeader("X-Forwarded-For", "203.0.113.77");
        ForwardedCalls.keyLimitedToTenDotNetwork(owner, new BearerFixtures(port, Databases.of(environment)));
        assertThat(ForwardedCalls.auditedAddress(owner, "api_key.created")).isEqualTo("203.0.113.77");
    }

    @Test
    void the_same_header_from_a_peer_that_is_not_listed_is_ignored() {
        assertProblem(calls.callWithKey("127.0.0.9", key, "10.1.2.3"), 401, "unauthenticated");
    }

    @Test
    void the_trusted_proxys_protocol_counts_on_both_ports_and_nobody_elses() {
        int managementPort = environment.getRequiredProperty("local.management.port", Integer.class);

        assertThat(ForwardedCalls.hstsForForwardedHttps("127.0.0.1", port, "/login")).hasValueSatisfying(hsts ->
                assertThat(hsts).contains("max-age="));
        assertThat(ForwardedCalls.hstsForForwardedHttps("127.0.0.1", managementPort, "/actuator/health")).isPresent();
        assertThat(ForwardedCalls.hstsForForwardedHttps("127.0.0.9", port, "/login")).isEmpty();
        assertThat(ForwardedCalls.hstsForForwardedHttps("127.0.0.9", managementPort, "/actuator/health")).isEmpty();
    }

    @Test
    void an_address_the_client_prepended_itself_is_not_taken_for_the_client() {
        // The proxy appends the peer it saw; whatever the client sent in front of it is the client's own claim.
        assertProblem(calls.callWithKey("127.0.0.1", key, "10.1.2.3, 198.51.100.7"), 401, "unauthenticated");
    }
}
