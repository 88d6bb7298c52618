package io.tollgate.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/** Calls that arrive from a chosen loopback address, with or without an {@code X-Forwarded-For} header. */
final class ForwardedCalls {

    private final int port;

    ForwardedCalls(int port) {
        this.port = port;
    }

    static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An organisation owner whose browser connects from 127.0.0.1. */
    ConsoleClient ownerFromLoopback(String label) {
        return TestAccounts.fresh(label).signUp(new ConsoleClient(port, loopback("127.0.0.1")));
    }

    /** A key of a fresh agent that works only from 10.0.0.0/8. */
    static String keyLimitedToTenDotNetwork(ConsoleClient owner, BearerFixtures fixtures) {
        BearerFixtures.Agent agent = fixtures.agentIn(BearerFixtures.tenantOf(owner));
        return BearerFixtures.issueKey(owner, agent, "[\"read\"]", ",\"allowed_cidrs\":[\"10.0.0.0/8\"]")
                .get("secret").asString();
    }

    HttpResponse<String> callWithKey(String from, String key, String forwardedFor) {
        HttpClient http = HttpClient.newBuilder().localAddress(loopback(from)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/organization"))
                .header("Authorization", "Bearer " + key).header("Accept", "application/json")
                .header("X-Forwarded-For", forwardedFor).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            io.tollgate.support.ApiContract.check(request, response);
            return response;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The {@code Strict-Transport-Security} header of a plain-http GET that claims {@code X-Forwarded-Proto: https}:
     * Spring Security writes it only on requests it takes for secure, so it shows whether the claim was believed.
     */
    static java.util.Optional<String> hstsForForwardedHttps(String from, int port, String path) {
        HttpClient http = HttpClient.newBuilder().localAddress(loopback(from)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "203.0.113.9").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).headers()
                    .firstValue("Strict-Transport-Security");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client address the audit trail recorded for the newest event with this action. */
    static String auditedAddress(ConsoleClient owner, String action) {
        JsonNode page = BearerFixtures.json(owner.api("GET", "/v1/audit-events?limit=1&action=" + action));
        return page.get("data").get(0).get("ip").asString();
    }
}
