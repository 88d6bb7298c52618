package io.tollgate.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * ADR 0056: a request is observed once, as {@code http.server.requests} (with the trace its id comes from), and
 * not again per security filter, authentication and authorization, which cost more CPU than a refused request
 * itself and which nobody reads.
 */
@TollgateTest
class RequestObservationsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void a_refused_api_call_is_counted_once_by_status_and_not_per_security_filter() {
        double before = refusedCount();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/reservations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/login")).GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(refusedCount()).isEqualTo(before + 1);
        assertThat(meters.getMeters()).extracting(meter -> meter.getId().getName())
                .isNotEmpty()
                .noneMatch(name -> name.startsWith("spring.security."));
    }

    private double refusedCount() {
        return meters.find("http.server.requests").tag("method", "POST").tag("status", "401").timers().stream()
                .mapToDouble(Timer::count).sum();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
