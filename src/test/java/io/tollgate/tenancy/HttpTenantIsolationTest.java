package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A member of tenant A asking for tenant B's resources by id gets 404, never 403: existence does not leak. */
@TollgateTest
class HttpTenantIsolationTest {

    private static final Pattern ID = Pattern.compile("\"id\":\"((?:mem|inv)_[0-9a-f]{32})\"");

    @LocalServerPort
    int port;

    ConsoleClient alice;
    ConsoleClient bob;
    String bobMemberId;
    String bobInvitationId;

    @BeforeEach
    void twoTenants() {
        alice = TestAccounts.fresh("Alpha").signUp(port);
        bob = TestAccounts.fresh("Beta").signUp(port);
        bobMemberId = firstId(bob.api("GET", "/v1/members").body());
        bobInvitationId = firstId(bob.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"someone@example.com\",\"role\":\"VIEWER\"}").body());
    }

    @Test
    void api_reads_of_another_tenants_resources_are_404() {
        ApiProblemDetailsTest.assertProblem(alice.api("GET", "/v1/members/" + bobMemberId), 404, "not-found");
        ApiProblemDetailsTest.assertProblem(alice.api("GET", "/v1/invitations/" + bobInvitationId), 404, "not-found");
    }

    @Test
    void api_writes_to_another_tenants_resources_are_404_and_change_nothing() {
        ApiProblemDetailsTest.assertProblem(alice.api("DELETE", "/v1/invitations/" + bobInvitationId), 404,
                "not-found");

        assertThat(bob.api("GET", "/v1/invitations/" + bobInvitationId).body()).contains("\"state\":\"OPEN\"");
    }

    @Test
    void lists_show_only_the_callers_tenant() {
        String aliceMembers = alice.api("GET", "/v1/members").body();
        String aliceInvitations = alice.api("GET", "/v1/invitations").body();

        assertThat(aliceMembers).doesNotContain(bobMemberId);
        assertThat(aliceInvitations).doesNotContain(bobInvitationId);
    }

    @Test
    void console_pages_for_another_tenants_resources_are_404() {
        HttpResponse<String> member = alice.get("/app/members/" + uuid(bobMemberId));
        HttpResponse<String> invitation = alice.get("/app/invitations/" + uuid(bobInvitationId));

        assertThat(member.statusCode()).isEqualTo(404);
        assertThat(invitation.statusCode()).isEqualTo(404);
        ApiProblemDetailsTest.assertNoInternals(member.body());
    }

    @Test
    void the_owner_sees_their_own_resources() {
        assertThat(bob.api("GET", "/v1/members/" + bobMemberId).statusCode()).isEqualTo(200);
        assertThat(bob.get("/app/members/" + uuid(bobMemberId)).statusCode()).isEqualTo(200);
    }

    @Test
    void switching_to_a_tenant_one_does_not_belong_to_is_404() {
        String bobTenant = bob.api("GET", "/v1/organization").body().replaceAll(".*\"id\":\"org_([0-9a-f]{32})\".*", "$1");
        String csrf = alice.consoleCsrfToken();

        HttpResponse<String> response = alice.postForm("/app/organizations/switch",
                java.util.Map.of("tenantId", uuid("org_" + bobTenant), "_csrf", csrf));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(alice.api("GET", "/v1/organization").body()).doesNotContain(bobTenant);
    }

    static String firstId(String json) {
        Matcher matcher = ID.matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group(1);
    }

    static String uuid(String prefixedId) {
        String hex = prefixedId.substring(prefixedId.indexOf('_') + 1);
        return hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5");
    }
}
