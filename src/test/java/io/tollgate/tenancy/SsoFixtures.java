package io.tollgate.tenancy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.platform.PrefixedId;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** SSO configurations and members for tests, through the public API like an administrator would. */
final class SsoFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private SsoFixtures() {
    }

    /** A domain no other test uses, so one test's SSO routing never catches another test's e-mails. */
    static String freshDomain(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    static Map<String, Object> settings(String issuer, String clientId, String secret, List<String> domains) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("client_id", clientId);
        body.put("client_secret", secret);
        body.put("allowed_domains", domains);
        body.put("groups_claim", "groups");
        body.put("role_mappings", Map.of("tollgate-admins", "ADMIN", "finance", "APPROVER"));
        body.put("default_role", "VIEWER");
        body.put("jit_enabled", true);
        body.put("sso_required", false);
        body.put("enabled", true);
        return body;
    }

    static HttpResponse<String> put(ConsoleClient admin, Map<String, Object> settings) {
        return admin.api("PUT", "/v1/sso-configuration", "application/json", JSON.writeValueAsString(settings));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static UUID tenantOf(ConsoleClient member) {
        return PrefixedId.parse("org", json(member.api("GET", "/v1/organization")).get("id").asString(),
                "organization");
    }

    /** Invites the e-mail with the role and accepts with a password in a fresh session; returns that session. */
    static ConsoleClient join(ConsoleClient owner, int port, String email, String role) {
        String created = owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}").body();
        String path = URI.create(JSON.readTree(created).get("link").asString()).getPath();
        ConsoleClient client = new ConsoleClient(port);
        client.submitForm(path, path, Map.of("displayName", "Member " + role, "password",
                TestAccounts.STRONG_PASSWORD));
        return client;
    }
}
