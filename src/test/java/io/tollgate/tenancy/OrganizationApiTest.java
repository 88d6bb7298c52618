package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Renaming through the API is optimistic: a stale ETag is refused with 412. */
@TollgateTest
class OrganizationApiTest {

    @LocalServerPort
    int port;

    ConsoleClient owner;

    @BeforeEach
    void signUp() {
        owner = TestAccounts.fresh("Etag").signUp(port);
    }

    @Test
    void rename_with_current_etag_succeeds_and_returns_a_new_etag() {
        String etag = owner.api("GET", "/v1/organization").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> renamed = patch("{\"name\":\"Renamed Ltd\"}", etag);

        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(renamed.body()).contains("\"name\":\"Renamed Ltd\"");
        assertThat(renamed.headers().firstValue("ETag")).hasValueSatisfying(next -> assertThat(next).isNotEqualTo(etag));
    }

    @Test
    void rename_with_stale_etag_is_412_and_keeps_the_newer_name() {
        String stale = owner.api("GET", "/v1/organization").headers().firstValue("ETag").orElseThrow();
        patch("{\"name\":\"First Writer\"}", stale);

        HttpResponse<String> second = patch("{\"name\":\"Second Writer\"}", stale);

        ApiProblemDetailsTest.assertProblem(second, 412, "precondition-failed");
        assertThat(owner.api("GET", "/v1/organization").body()).contains("First Writer");
    }

    @Test
    void invalid_time_zone_is_a_field_problem() {
        HttpResponse<String> response = patch("{\"time_zone\":\"Mars/Olympus\"}", null);

        ApiProblemDetailsTest.assertProblem(response, 422, "validation-failed");
        assertThat(response.body()).contains("\"field\":\"time_zone\"");
    }

    private HttpResponse<String> patch(String json, String ifMatch) {
        HttpRequest.Builder request = owner.apiRequest("PATCH", "/v1/organization", "application/json",
                HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return owner.send(request.build());
    }
}
