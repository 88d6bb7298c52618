package io.tollgate.platform.ratelimit;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.identity.BearerFixtures.issueKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** Rate limits on {@code /v1} through real HTTP: headers on every answer, per key, per tenant, per endpoint class. */
@TollgateTest
class ApiRateLimitTest {

    private static final Pattern REMAINING = Pattern.compile("\"key-3600s\";r=(\\d+);t=(\\d+)");

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    Environment environment;

    ConsoleClient owner;
    BearerFixtures fixtures;
    UUID tenant;
    String readKey;
    String otherReadKey;
    RateLimitOperator operator;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Limits").signUp(port);
        fixtures = new BearerFixtures(port, Databases.of(environment));
        tenant = BearerFixtures.tenantOf(owner);
        BearerFixtures.Agent agent = fixtures.agentIn(tenant);
        readKey = issueKey(owner, agent, "[\"read\"]", "").get("secret").asString();
        otherReadKey = issueKey(owner, agent, "[\"read\"]", "").get("secret").asString();
        operator = new RateLimitOperator(managementPort);
    }

    @Test
    void every_answer_names_the_policies_and_counts_down() {
        HttpResponse<String> first = fixtures.call(readKey, "GET", "/v1/organization");
        HttpResponse<String> second = fixtures.call(readKey, "GET", "/v1/organization");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue(
                "\"key-3600s\";q=100000;w=3600, \"tenant-3600s\";q=100000;w=3600");
        assertThat(remaining(first) - remaining(second)).isEqualTo(1);
        assertThat(second.headers().firstValue("RateLimit").orElseThrow())
                .matches("\"key-3600s\";r=\\d+;t=\\d+, \"tenant-3600s\";r=\\d+;t=\\d+");
        HttpResponse<String> notFound = fixtures.call(readKey, "GET", "/v1/agents/agt_doesnotexist");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("RateLimit")).isPresent();
    }

    @Test
    void a_key_over_its_quota_gets_429_with_retry_after_while_another_key_goes_on() {
        assertThat(operator.set(tenant, "roomy", "{\"read\":{\"credential\":[\"3/1h\",\"100/1d\"]}}").statusCode())
                .isEqualTo(200);

        for (int i = 0; i < 3; i++) {
            assertThat(fixtures.call(readKey, "GET", "/v1/organization").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = fixtures.call(readKey, "GET", "/v1/organization");

        assertProblem(refused, 429, "quota-exceeded");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"key-3600s\";r=0;t=");
        assertThat(refused.headers().firstValue("RateLimit-Policy").orElseThrow())
                .contains("\"key-3600s\";q=3;w=3600", "\"key-86400s\";q=100;w=86400");
        assertThat(fixtures.call(otherReadKey, "GET", "/v1/organization").statusCode()).isEqualTo(200);
    }

    @Test
    void the_tenant_quota_is_shared_by_all_its_keys() {
        operator.set(tenant, "roomy", "{\"read\":{\"tenant\":[\"4/1h\"]}}");

        int allowed = 0;
        for (int i = 0; i < 6; i++) {
            String key = i % 2 == 0 ? readKey : otherReadKey;
            if (fixtures.call(key, "GET", "/v1/organization").statusCode() == 200) {
                allowed++;
            }
        }

        assertThat(allowed).isEqualTo(4);
        HttpResponse<String> refused = fixtures.call(readKey, "GET", "/v1/organization");
        assertProblem(refused, 429, "quota-exceeded");
        assertThat(refused.headers().firstValue("RateLimit").orElseThrow()).contains("\"tenant-3600s\";r=0;t=");
    }

    @Test
    void endpoint_classes_have_separate_quotas() {
        operator.set(tenant, "roomy", "{\"read\":{\"credential\":[\"1/1h\"]}}");
        String adminKey = issueKey(owner, fixtures.agentIn(tenant), "[\"admin\"]", "").get("secret").asString();
        assertThat(fixtures.call(adminKey, "GET", "/v1/organization").statusCode()).isEqualTo(200);
        assertThat(fixtures.call(adminKey, "GET", "/v1/organization").statusCode()).isEqualTo(429);

        HttpResponse<String> write = fixtures.call(adminKey, "PATCH", "/v1/organization", "{\"name\":\"Renamed\"}");

        assertThat(write.statusCode()).as("the write class has its own quota: " + write.body()).isEqualTo(200);
        assertThat(write.headers().firstValue("RateLimit-Policy").orElseThrow()).contains("q=100000");
    }

    @Test
    void another_tenants_traffic_does_not_count() {
        operator.set(tenant, "roomy", "{\"read\":{\"tenant\":[\"2/1h\"]}}");
        ConsoleClient otherOwner = TestAccounts.fresh("Neighbour").signUp(port);
        String otherTenantKey = issueKey(otherOwner, fixtures.agentIn(BearerFixtures.tenantOf(otherOwner)),
                "[\"read\"]", "").get("secret").asString();
        for (int i = 0; i < 5; i++) {
            assertThat(fixtures.call(otherTenantKey, "GET", "/v1/organization").statusCode()).isEqualTo(200);
        }

        assertThat(fixtures.call(readKey, "GET", "/v1/organization").statusCode()).isEqualTo(200);
        assertThat(fixtures.call(readKey, "GET", "/v1/organization").statusCode()).isEqualTo(200);
        assertThat(fixtures.call(readKey, "GET", "/v1/organization").statusCode()).isEqualTo(429);
    }

    @Test
    void console_sessions_on_the_api_are_limited_too() {
        operator.set(tenant, "roomy", "{\"read\":{\"credential\":[\"2/1h\"]}}");

        assertThat(owner.api("GET", "/v1/organization").statusCode()).isEqualTo(200);
        assertThat(owner.api("GET", "/v1/organization").statusCode()).isEqualTo(200);
        assertProblem(owner.api("GET", "/v1/organization"), 429, "quota-exceeded");
    }

    @Test
    void operators_see_the_effective_quotas_and_bad_overrides_are_refused() {
        assertThat(operator.set(tenant, "standard", "{\"usage\":{\"tenant\":[\"7/1m\"]}}").body())
                .contains("\"plan\":\"standard\"").contains("\"7/60s\"").contains("\"100/1s\"");
        assertThat(operator.get(tenant).body()).contains("\"7/60s\"");

        assertThat(operator.set(tenant, "platinum", "{}").statusCode()).isEqualTo(422);
        assertThat(operator.set(tenant, "standard", "{\"read\":{\"credential\":[\"lots\"]}}").body())
                .contains("no quota");
        assertThat(operator.set(tenant, "standard", "{\"sign-in\":{\"credential\":[\"1/1s\"]}}").statusCode())
                .isEqualTo(422);
        assertThat(operator.set(UUID.randomUUID(), "standard", "{}").statusCode()).isEqualTo(422);

        assertThat(operator.reset(tenant).statusCode()).isEqualTo(204);
        assertThat(operator.get(tenant).body()).contains("\"plan\":\"roomy\"");
    }

    @Test
    void operators_name_the_organisation_by_its_api_id_and_get_problems_back() {
        String orgId = io.tollgate.platform.PrefixedId.format("org", tenant);

        HttpResponse<String> set = operator.set(orgId, "roomy", "{}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(set.body()).contains("\"tenant_id\":\"" + orgId + "\"");
        assertThat(operator.get(orgId).body()).contains("\"plan\":\"roomy\"");

        HttpResponse<String> malformed = operator.get("org_nope");
        assertThat(malformed.statusCode()).isEqualTo(404);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(malformed.body()).contains("\"type\":\"https://tollgate.io/problems/not-found\"")
                .contains("org_");
        HttpResponse<String> badPlan = operator.set(orgId, "platinum", "{}");
        assertThat(badPlan.statusCode()).isEqualTo(422);
        assertThat(badPlan.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(badPlan.body()).contains("\"type\":\"https://tollgate.io/problems/validation-failed\"")
                .contains("\"field\":\"plan\"");
        assertThat(operator.reset(orgId).statusCode()).isEqualTo(204);
    }

    private static long remaining(HttpResponse<String> response) {
        Matcher m = REMAINING.matcher(response.headers().firstValue("RateLimit").orElseThrow());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
