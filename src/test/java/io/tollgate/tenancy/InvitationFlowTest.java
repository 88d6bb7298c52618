package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Invitation links are single use, revocable, and need the invitee to prove who they are. */
@TollgateTest
class InvitationFlowTest {

    private static final Pattern LINK = Pattern.compile("\"link\":\"(http[^\"]+)\"");

    @LocalServerPort
    int port;

    TestAccounts ownerAccount;
    ConsoleClient owner;

    @BeforeEach
    void signUp() {
        ownerAccount = TestAccounts.fresh("Inviter");
        owner = ownerAccount.signUp(port);
    }

    @Test
    void a_new_person_accepts_once_and_lands_in_the_inviting_organisation() {
        String email = "new-" + ownerAccount.slug() + "@example.com";
        String link = invite(email, "ANALYST");
        ConsoleClient invitee = new ConsoleClient(port);

        HttpResponse<String> accepted = accept(invitee, link, Map.of("displayName", "New Person",
                "password", TestAccounts.STRONG_PASSWORD));

        assertThat(accepted.uri().getPath()).isEqualTo("/app");
        assertThat(invitee.api("GET", "/v1/organization").body()).contains(ownerAccount.slug());
        assertThat(owner.api("GET", "/v1/members").body()).contains(email).contains("\"role\":\"ANALYST\"");
        assertThat(new ConsoleClient(port).get(path(link)).statusCode()).isEqualTo(404);
    }

    @Test
    void a_used_link_cannot_be_used_again() {
        String link = invite("twice-" + ownerAccount.slug() + "@example.com", "VIEWER");
        accept(new ConsoleClient(port), link, Map.of("displayName", "First", "password", TestAccounts.STRONG_PASSWORD));

        ConsoleClient second = new ConsoleClient(port);
        HttpResponse<String> page = second.get(path(link));

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("not valid any more");
    }

    @Test
    void a_revoked_link_is_not_valid() {
        String body = owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"revoked-" + ownerAccount.slug() + "@example.com\",\"role\":\"VIEWER\"}").body();
        String id = HttpTenantIsolationTest.firstId(body);

        assertThat(owner.api("DELETE", "/v1/invitations/" + id).body()).contains("\"state\":\"REVOKED\"");

        assertThat(new ConsoleClient(port).get(path(link(body))).statusCode()).isEqualTo(404);
    }

    @Test
    void an_existing_account_must_give_its_password() {
        TestAccounts other = TestAccounts.fresh("Existing");
        other.signUp(port);
        String link = invite(other.email(), "VIEWER");
        ConsoleClient stranger = new ConsoleClient(port);

        HttpResponse<String> wrong = accept(stranger, link, Map.of("password", "not-the-right-password"));

        assertThat(wrong.body()).contains("The password does not match this account.");
        HttpResponse<String> right = accept(stranger, link, Map.of("password", other.password()));
        assertThat(right.uri().getPath()).isEqualTo("/app");
    }

    @Test
    void a_forged_token_is_not_found() {
        String link = invite("forged-" + ownerAccount.slug() + "@example.com", "VIEWER");
        String forged = link.substring(0, link.lastIndexOf('/') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        assertThat(new ConsoleClient(port).get(path(forged)).statusCode()).isEqualTo(404);
    }

    @Test
    void an_admin_may_not_invite_an_owner_and_a_viewer_may_not_invite_at_all() {
        String viewerEmail = "viewer-" + ownerAccount.slug() + "@example.com";
        ConsoleClient viewer = new ConsoleClient(port);
        accept(viewer, invite(viewerEmail, "VIEWER"), Map.of("displayName", "Vic", "password",
                TestAccounts.STRONG_PASSWORD));

        HttpResponse<String> refused = viewer.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"x-" + ownerAccount.slug() + "@example.com\",\"role\":\"VIEWER\"}");

        ApiProblemDetailsTest.assertProblem(refused, 403, "forbidden");
    }

    private String invite(String email, String role) {
        HttpResponse<String> response = owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return link(response.body());
    }

    private HttpResponse<String> accept(ConsoleClient client, String link, Map<String, String> fields) {
        return client.submitForm(path(link), path(link), fields);
    }

    private static String link(String json) {
        Matcher matcher = LINK.matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group(1);
    }

    private static String path(String link) {
        return java.net.URI.create(link).getPath();
    }
}
