package io.tollgate.platform.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.tollgate.platform.OutboundHttp.OutboundAddressRefused;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The outbound-address policy against a real HTTP server on loopback: what it refuses when a URL is given, and
 * that the client itself connects only to checked addresses (no pre-check involved) and follows no redirect.
 */
class GuardedOutboundHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"ok\":true}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://localhost/", "http://[::1]/", "http://0.0.0.0/",
            "http://[::]/", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://10.1.2.3/",
            "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/", "http://[fd00::1]/",
            "http://224.0.0.1/", "http://[ff02::1]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:10.0.0.1]/",
            "http://[::a9fe:a9fe]/", "http://[64:ff9b::a9fe:a9fe]/", "http://240.0.0.1/"})
    void the_default_policy_refuses_internal_addresses(String url) {
        GuardedOutboundHttp outbound = outbound(false, List.of(), Set.of());

        assertThatThrownBy(() -> outbound.check(URI.create(url))).isInstanceOf(OutboundAddressRefused.class)
                .hasMessageStartingWith("Tollgate does not call ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/", "https://[2606:4700:4700::1111]/", "https://8.8.8.8:8443/x"})
    void the_default_policy_lets_public_addresses_through(String url) {
        outbound(false, List.of(), Set.of()).check(URI.create(url));
    }

    @Test
    void allowing_private_addresses_opens_private_networks_only() {
        GuardedOutboundHttp outbound = outbound(true, List.of(), Set.of());

        outbound.check(URI.create("http://10.1.2.3/"));
        outbound.check(URI.create("http://[fd00::1]/"));
        assertThatThrownBy(() -> outbound.check(URI.create("http://169.254.169.254/")))
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> outbound.check(URI.create("http://127.0.0.1/"))).hasMessageContaining("loopback");
    }

    @Test
    void the_client_refuses_a_loopback_address_at_connection_time_without_sending_anything() {
        RestClient client = client(outbound(false, List.of(), Set.of()));

        for (String host : List.of("127.0.0.1", "localhost")) {
            assertThatThrownBy(() -> client.get().uri(url(host, "/ok")).retrieve().toBodilessEntity())
                    .isInstanceOf(ResourceAccessException.class)
                    .satisfies(e -> assertThat(OutboundAddressRefused.in(e)).hasValueSatisfying(refused ->
                            assertThat(refused.getMessage()).contains("loopback")));
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void an_allowed_range_is_reached_but_a_redirect_is_not_followed() {
        RestClient client = client(outbound(false, List.of("127.0.0.0/8"), Set.of()));

        assertThat(client.get().uri(url("127.0.0.1", "/ok")).retrieve().body(String.class)).contains("ok");
        ResponseEntity<Void> moved = client.get().uri(url("127.0.0.1", "/moved")).retrieve().toBodilessEntity();

        assertThat(moved.getStatusCode().value()).isEqualTo(302);
        assertThat(requests).hasValue(2);
    }

    @Test
    void the_applications_own_ports_are_refused_even_in_an_allowed_range() {
        int own = server.getAddress().getPort();
        GuardedOutboundHttp outbound = outbound(true, List.of("127.0.0.0/8"), Set.of(own));

        assertThatThrownBy(() -> outbound.check(URI.create(url("127.0.0.1", "/ok"))))
                .hasMessageContaining("this Tollgate itself");
        assertThatThrownBy(() -> client(outbound).get().uri(url("127.0.0.1", "/ok")).retrieve().toBodilessEntity())
                .isInstanceOf(ResourceAccessException.class);
        assertThat(requests).hasValue(0);
    }

    @Test
    void a_bad_range_in_the_configuration_fails_naming_the_property() {
        assertThatThrownBy(() -> new OutboundProperties(false, List.of("intranet.example")))
                .hasMessageContaining("tollgate.outbound.allowed-addresses").hasMessageContaining("intranet.example");
    }

    private String url(String host, String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    private static GuardedOutboundHttp outbound(boolean allowPrivate, List<String> allowed, Set<Integer> ownPorts) {
        var properties = new OutboundProperties(allowPrivate, allowed);
        OwnPorts ports = new OwnPorts(new StandardEnvironment());
        ownPorts.forEach(ports::add);
        return new GuardedOutboundHttp(properties, ports);
    }

    private static RestClient client(GuardedOutboundHttp outbound) {
        return RestClient.builder().requestFactory(outbound.requestFactory(TIMEOUT)).build();
    }
}
