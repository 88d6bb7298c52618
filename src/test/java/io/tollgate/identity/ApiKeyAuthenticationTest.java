package io.tollgate.identity;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.identity.BearerFixtures.issueKey;
import static io.tollgate.identity.BearerFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/** API keys through real HTTP: shown once, checked on every call, scoped, rotated, revoked, bounded by address. */
@TollgateTest
class ApiKeyAuthenticationTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    ConsoleClient owner;
    BearerFixtures fixtures;
    BearerFixtures.Agent agent;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Keys").signUp(port);
        fixtures = new BearerFixtures(port, Databases.of(environment));
        agent = fixtures.agentIn(BearerFixtures.tenantOf(owner));
    }

    @Test
    void a_new_key_is_shown_once_and_authenticates_as_its_agent() {
        JsonNode created = issueKey(owner, agent, "[\"read\"]", "");
        String secret = created.get("secret").asString();
        String keyId = created.get("key").get("id").asString();

        assertThat(secret).matches("tg_live_[a-z0-9]{16}_[A-Za-z0-9_-]{43}");
        assertThat(owner.api("GET", "/v1/api-keys/" + keyId).body()).doesNotContain(secret).doesNotContain("secret");
        HttpResponse<String> call = fixtures.call(secret, "GET", "/v1/organization");
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
    }

    @Test
    void a_wrong_secret_for_a_real_public_id_is_401_with_a_bearer_challenge() {
        String secret = issueKey(owner, agent, "[\"read\"]", "").get("secret").asString();
        String forged = secret.substring(0, secret.length() - 4) + (secret.endsWith("AAAA") ? "BBBB" : "AAAA");

        HttpResponse<String> response = fixtures.call(forged, "GET", "/v1/organization");

        assertProblem(response, 401, "unauthenticated");
        assertThat(response.body()).contains("The API key is not valid.");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Bearer").contains("invalid_token"));
    }

    @Test
    void malformed_and_unknown_keys_are_401() {
        assertProblem(fixtures.call("tg_live_short", "GET", "/v1/organization"), 401, "unauthenticated");
        assertProblem(fixtures.call("tg_live_" + "0".repeat(16) + "_" + "x".repeat(43), "GET", "/v1/organization"), 401,
                "unauthenticated");
    }

    @Test
    void a_revoked_key_is_refused_at_once() {
        JsonNode created = issueKey(owner, agent, "[\"read\"]", "");
        String secret = created.get("secret").asString();
        assertThat(fixtures.call(secret, "GET", "/v1/organization").statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = owner.api("POST", "/v1/api-keys/" + created.get("key").get("id").asString()
                + "/revoke");

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json(revoked).get("status").asString()).isEqualTo("revoked");
        HttpResponse<String> after = fixtures.call(secret, "GET", "/v1/organization");
        assertProblem(after, 401, "unauthenticated");
        assertThat(after.body()).contains("revoked");
    }

    @Test
    void an_expired_key_is_refused() {
        JsonNode created = issueKey(owner, agent, "[\"read\"]", "");
        UUID id = io.tollgate.platform.PrefixedId.parse("key", created.get("key").get("id").asString(), "key");
        fixtures.sql("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?", id);

        HttpResponse<String> response = fixtures.call(created.get("secret").asString(), "GET", "/v1/organization");

        assertProblem(response, 401, "unauthenticated");
        assertThat(response.body()).contains("expired");
    }

    @Test
    void a_key_of_a_disabled_agent_is_refused() {
        String secret = issueKey(owner, agent, "[\"read\"]", "").get("secret").asString();
        fixtures.sql("UPDATE agents SET status = 'DISABLED' WHERE id = ?", agent.id());

        assertProblem(fixtures.call(secret, "GET", "/v1/organization"), 401, "unauthenticated");
    }

    @Test
    void the_address_allowlist_admits_only_matching_callers() {
        String elsewhere = issueKey(owner, agent, "[\"read\"]", ",\"allowed_cidrs\":[\"203.0.113.0/24\"]")
                .get("secret").asString();
        String loopback = issueKey(owner, agent, "[\"read\"]", ",\"allowed_cidrs\":[\"127.0.0.0/8\",\"::1/128\"]")
                .get("secret").asString();

        HttpResponse<String> refused = fixtures.call(elsewhere, "GET", "/v1/organization");
        assertProblem(refused, 401, "unauthenticated");
        assertThat(refused.body()).contains("address");
        assertThat(fixtures.call(loopback, "GET", "/v1/organization").statusCode()).isEqualTo(200);
    }

    @Test
    void rotation_keeps_the_old_key_for_the_overlap_and_zero_overlap_ends_it_at_once() {
        JsonNode first = issueKey(owner, agent, "[\"read\"]", "");
        String firstSecret = first.get("secret").asString();

        HttpResponse<String> rotated = owner.api("POST", "/v1/api-keys/" + first.get("key").get("id").asString()
                + "/rotate", "application/json", "{\"overlap_seconds\":3600}");

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        JsonNode second = json(rotated);
        String secondSecret = second.get("secret").asString();
        assertThat(secondSecret).isNotEqualTo(firstSecret);
        assertThat(second.get("key").get("rotated_from").asString()).isEqualTo(first.get("key").get("id").asString());
        assertThat(fixtures.call(firstSecret, "GET", "/v1/organization").statusCode()).isEqualTo(200);
        assertThat(fixtures.call(secondSecret, "GET", "/v1/organization").statusCode()).isEqualTo(200);

        HttpResponse<String> hardRotation = owner.api("POST", "/v1/api-keys/" + second.get("key").get("id").asString()
                + "/rotate", "application/json", "{\"overlap_seconds\":0}");

        assertThat(hardRotation.statusCode()).isEqualTo(201);
        assertProblem(fixtures.call(secondSecret, "GET", "/v1/organization"), 401, "unauthenticated");
        assertThat(fixtures.call(json(hardRotation).get("secret").asString(), "GET", "/v1/organization").statusCode())
                .isEqualTo(200);
    }

    @Test
    void an_admin_key_manages_keys_without_csrf_and_a_read_key_may_not() {
        String admin = issueKey(owner, agent, "[\"admin\"]", "").get("secret").asString();
        String reader = issueKey(owner, agent, "[\"read\"]", "").get("secret").asString();
        String body = "{\"agent_id\":\"" + agent.apiId() + "\",\"name\":\"ci\",\"scopes\":[\"usage:write\"]}";

        HttpResponse<String> byAdmin = fixtures.call(admin, "POST", "/v1/api-keys", body);
        HttpResponse<String> byReader = fixtures.call(reader, "POST", "/v1/api-keys", body);

        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(201);
        assertThat(byAdmin.headers().firstValue("Cache-Control")).contains("no-store");
        assertProblem(byReader, 403, "forbidden");
    }

    @Test
    void bad_key_requests_are_field_problems_and_create_nothing() {
        String before = owner.api("GET", "/v1/api-keys?agent_id=" + agent.apiId()).body();

        HttpResponse<String> badScope = owner.api("POST", "/v1/api-keys", "application/json",
                "{\"agent_id\":\"" + agent.apiId() + "\",\"name\":\"x\",\"scopes\":[\"root\"]}");
        HttpResponse<String> badCidr = owner.api("POST", "/v1/api-keys", "application/json",
                "{\"agent_id\":\"" + agent.apiId() + "\",\"name\":\"x\",\"scopes\":[\"read\"],\"allowed_cidrs\":[\"example.com\"]}");
        HttpResponse<String> pastExpiry = owner.api("POST", "/v1/api-keys", "application/json",
                "{\"agent_id\":\"" + agent.apiId() + "\",\"name\":\"x\",\"scopes\":[\"read\"],\"expires_at\":\"2020-01-01T00:00:00Z\"}");
        HttpResponse<String> unknownAgent = owner.api("POST", "/v1/api-keys", "application/json",
                "{\"agent_id\":\"agt_" + "0".repeat(32) + "\",\"name\":\"x\",\"scopes\":[\"read\"]}");

        assertProblem(badScope, 422, "validation-failed");
        assertThat(badScope.body()).contains("\"field\":\"scopes\"");
        assertProblem(badCidr, 422, "validation-failed");
        assertThat(badCidr.body()).contains("\"field\":\"allowed_cidrs\"");
        assertProblem(pastExpiry, 422, "validation-failed");
        assertProblem(unknownAgent, 404, "not-found");
        assertThat(owner.api("GET", "/v1/api-keys?agent_id=" + agent.apiId()).body()).isEqualTo(before);
    }

    @Test
    void another_tenants_keys_are_not_found_for_people_and_keys_alike() {
        JsonNode mine = issueKey(owner, agent, "[\"read\"]", "");
        ConsoleClient stranger = TestAccounts.fresh("Other").signUp(port);
        var strangerAgent = fixtures.agentIn(BearerFixtures.tenantOf(stranger));
        String strangerAdminKey = issueKey(stranger, strangerAgent, "[\"admin\"]", "").get("secret").asString();
        String keyPath = "/v1/api-keys/" + mine.get("key").get("id").asString();

        assertProblem(stranger.api("GET", keyPath), 404, "not-found");
        assertProblem(stranger.api("POST", keyPath + "/revoke"), 404, "not-found");
        assertProblem(fixtures.call(strangerAdminKey, "GET", keyPath), 404, "not-found");
        assertProblem(fixtures.call(strangerAdminKey, "POST", "/v1/api-keys", "{\"agent_id\":\"" + agent.apiId()
                + "\",\"name\":\"x\",\"scopes\":[\"read\"]}"), 404, "not-found");
        assertThat(fixtures.call(mine.get("secret").asString(), "GET", "/v1/organization").body())
                .doesNotContain(BearerFixtures.tenantOf(stranger).toString().replace("-", ""));
    }

    @Test
    void key_lifecycle_is_in_the_audit_trail_without_the_secret() {
        JsonNode created = issueKey(owner, agent, "[\"read\"]", "");
        String id = created.get("key").get("id").asString();
        owner.api("POST", "/v1/api-keys/" + id + "/rotate", "application/json", "{\"overlap_seconds\":60}");
        owner.api("POST", "/v1/api-keys/" + id + "/revoke");

        String trail = owner.api("GET", "/v1/audit-events?limit=50").body();

        assertThat(trail).contains("api_key.created", "api_key.rotated", "api_key.revoked");
        assertThat(trail).doesNotContain(created.get("secret").asString());
        assertThat(trail).doesNotContain(created.get("secret").asString().substring(25));
    }
}
