package io.tollgate.platform.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** The operators' rate-limit commands on the management port, as the test profile's ops user. */
record RateLimitOperator(int managementPort) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    HttpResponse<String> set(UUID tenant, String plan, String overridesJson) {
        String body = "{\"plan\":\"" + plan + "\",\"overrides\":" + quoted(overridesJson) + "}";
        return send(HttpRequest.newBuilder(uri(tenant)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(UUID tenant) {
        return send(HttpRequest.newBuilder(uri(tenant)).GET());
    }

    HttpResponse<String> reset(UUID tenant) {
        return send(HttpRequest.newBuilder(uri(tenant)).DELETE());
    }

    HttpResponse<String> set(String id, String plan, String overridesJson) {
        String body = "{\"plan\":\"" + plan + "\",\"overrides\":" + quoted(overridesJson) + "}";
        return send(HttpRequest.newBuilder(uri(id)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String id) {
        return send(HttpRequest.newBuilder(uri(id)).GET());
    }

    HttpResponse<String> reset(String id) {
        return send(HttpRequest.newBuilder(uri(id)).DELETE());
    }

    private URI uri(UUID tenant) {
        return uri(tenant.toString());
    }

    private URI uri(String id) {
        return URI.create("http://localhost:" + managementPort + "/actuator/ratelimits/" + id);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("ops:test-ops-password".getBytes(StandardCharsets.UTF_8)));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
