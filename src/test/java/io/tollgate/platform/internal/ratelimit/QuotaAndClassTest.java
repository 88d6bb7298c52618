package io.tollgate.platform.internal.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;

import io.tollgate.platform.EndpointClass;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Quota syntax, endpoint classification and the draft-11 header syntax, without a server. */
class QuotaAndClassTest {

    @Test
    void quotas_parse_in_seconds_minutes_hours_and_days() {
        assertThat(Quota.parse("100/1s")).isEqualTo(new Quota(100, Duration.ofSeconds(1)));
        assertThat(Quota.parse(" 3000 / 1m ")).isEqualTo(new Quota(3000, Duration.ofMinutes(1)));
        assertThat(Quota.parse("20/2h").window()).isEqualTo(Duration.ofHours(2));
        assertThat(Quota.parse("1000/1d").windowLabel()).isEqualTo("86400s");
        assertThatIllegalArgumentException().isThrownBy(() -> Quota.parse("0/1s"));
        assertThatIllegalArgumentException().isThrownBy(() -> Quota.parse("10/0s"));
        assertThatIllegalArgumentException().isThrownBy(() -> Quota.parse("10 per second"));
        assertThatIllegalArgumentException().isThrownBy(() -> Quota.parse("10/1w"));
    }

    @Test
    void requests_fall_into_their_endpoint_class() {
        assertThat(classOf("POST", "/v1/reservations")).isEqualTo(EndpointClass.DECISION);
        assertThat(classOf("POST", "/v1/reservations/rsv_1/commit")).isEqualTo(EndpointClass.DECISION);
        assertThat(classOf("POST", "/v1/reservations/rsv_1/extend")).isEqualTo(EndpointClass.DECISION);
        assertThat(classOf("POST", "/v1/leases/lse_1/heartbeat")).isEqualTo(EndpointClass.DECISION);
        assertThat(classOf("POST", "/v1/usage")).isEqualTo(EndpointClass.USAGE);
        assertThat(classOf("GET", "/v1/reservations/rsv_1")).isEqualTo(EndpointClass.READ);
        assertThat(classOf("HEAD", "/v1/organization")).isEqualTo(EndpointClass.READ);
        assertThat(classOf("POST", "/v1/prices/quote")).isEqualTo(EndpointClass.READ);
        assertThat(classOf("POST", "/v1/price-overrides")).isEqualTo(EndpointClass.ADMIN_WRITE);
        assertThat(classOf("POST", "/v1/webhooks/openai")).isEqualTo(EndpointClass.WEBHOOK);
        assertThat(classOf("POST", "/v1/api-keys")).isEqualTo(EndpointClass.ADMIN_WRITE);
        assertThat(classOf("DELETE", "/v1/reservations/rsv_1")).isEqualTo(EndpointClass.ADMIN_WRITE);
        assertThat(classOf("POST", "/v1/reservations/rsv_1/commit/extra")).isEqualTo(EndpointClass.ADMIN_WRITE);
    }

    @Test
    void headers_list_every_quota_and_report_the_one_closest_to_running_out() {
        var key = new LimitedScope("key", "k", List.of(Quota.parse("10/1s"), Quota.parse("100/1m")));
        var tenant = new LimitedScope("tenant", "t", List.of(Quota.parse("50/1s")));

        var outcome = RateLimitHeaders.outcome(List.of(key, tenant), List.of(
                new Probe(key, true, Quota.parse("10/1s"), 9, 1), new Probe(tenant, false, Quota.parse("50/1s"), 0, 1)));

        assertThat(outcome.policyHeader())
                .isEqualTo("\"key-1s\";q=10;w=1, \"key-60s\";q=100;w=60, \"tenant-1s\";q=50;w=1");
        assertThat(outcome.stateHeader()).isEqualTo("\"key-1s\";r=9;t=1, \"tenant-1s\";r=0;t=1");
        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void a_changed_quota_gets_a_fresh_bucket() {
        var before = new LimitedScope("key", "api:read:c:x", List.of(Quota.parse("10/1s")));
        var after = new LimitedScope("key", "api:read:c:x", List.of(Quota.parse("20/1s")));
        assertThat(before.bucketId()).isNotEqualTo(after.bucketId()).startsWith("api:read:c:x|");
    }

    private static EndpointClass classOf(String method, String path) {
        return ApiRateLimitFilter.EndpointClasses.of(new MockHttpServletRequest(method, path));
    }
}
