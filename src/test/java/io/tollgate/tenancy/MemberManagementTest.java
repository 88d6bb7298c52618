package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Owners and admins change roles and remove members; the organisation always keeps an owner; all is audited. */
@TollgateTest
class MemberManagementTest {

    @LocalServerPort
    int port;

    TestAccounts ownerAccount;
    ConsoleClient owner;

    @BeforeEach
    void signUp() {
        ownerAccount = TestAccounts.fresh("Managed");
        owner = ownerAccount.signUp(port);
    }

    @Test
    void an_owner_promotes_and_demotes_a_member_and_the_trail_records_both() {
        Joined bob = join("bob", "VIEWER");

        HttpResponse<String> promoted = patchRole(owner, bob.memberId(), "ADMIN");
        HttpResponse<String> demoted = patchRole(owner, bob.memberId(), "ANALYST");

        assertThat(promoted.body()).contains("\"role\":\"ADMIN\"");
        assertThat(demoted.body()).contains("\"role\":\"ANALYST\"");
        assertThat(owner.api("GET", "/v1/audit-events?action=member.role_changed").body())
                .contains("\\\"before\\\":\\\"VIEWER\\\"").contains("\\\"after\\\":\\\"ADMIN\\\"")
                .contains("\\\"after\\\":\\\"ANALYST\\\"");
    }

    @Test
    void an_admin_may_not_grant_ownership_and_a_viewer_may_not_change_roles() {
        Joined admin = join("ada", "ADMIN");
        Joined viewer = join("vic", "VIEWER");

        ApiProblemDetailsTest.assertProblem(patchRole(admin.client(), viewer.memberId(), "OWNER"), 422,
                "validation-failed");
        ApiProblemDetailsTest.assertProblem(patchRole(viewer.client(), admin.memberId(), "VIEWER"), 403,
                "forbidden");
        assertThat(patchRole(admin.client(), viewer.memberId(), "APPROVER").body()).contains("\"role\":\"APPROVER\"");
    }

    @Test
    void the_last_owner_can_be_neither_demoted_nor_removed() {
        String ownerId = HttpTenantIsolationTest.firstId(owner.api("GET", "/v1/members").body());

        ApiProblemDetailsTest.assertProblem(patchRole(owner, ownerId, "ADMIN"), 409, "conflict");
        ApiProblemDetailsTest.assertProblem(owner.api("DELETE", "/v1/members/" + ownerId), 409, "conflict");

        Joined second = join("co-owner", "VIEWER");
        patchRole(owner, second.memberId(), "OWNER");
        assertThat(patchRole(owner, ownerId, "ADMIN").statusCode()).isEqualTo(200);
    }

    @Test
    void a_removed_member_loses_access_at_once_and_the_removal_is_audited() {
        Joined bob = join("gone", "ADMIN");
        assertThat(bob.client().api("GET", "/v1/members").statusCode()).isEqualTo(200);

        HttpResponse<String> removed = owner.api("DELETE", "/v1/members/" + bob.memberId());

        assertThat(removed.statusCode()).isEqualTo(200);
        ApiProblemDetailsTest.assertProblem(bob.client().api("GET", "/v1/organization"), 403, "forbidden");
        assertThat(bob.client().get("/app").uri().getPath()).isEqualTo("/app/organizations");
        assertThat(owner.api("GET", "/v1/members").body()).doesNotContain(bob.memberId());
        assertThat(owner.api("GET", "/v1/audit-events?action=member.removed").body()).contains(bob.email());
    }

    @Test
    void the_console_changes_a_role_and_refuses_to_remove_the_last_owner_with_a_message() {
        Joined bob = join("console", "VIEWER");
        String page = "/app/members/" + HttpTenantIsolationTest.uuid(bob.memberId());

        HttpResponse<String> changed = owner.submitForm(page, page + "/role", Map.of("role", "APPROVER"));
        String ownerPage = "/app/members/" + HttpTenantIsolationTest.uuid(
                HttpTenantIsolationTest.firstId(owner.api("GET", "/v1/members").body()));
        HttpResponse<String> refused = owner.submitForm(ownerPage, ownerPage + "/remove", Map.of());

        assertThat(changed.body()).contains("is now Approver");
        assertThat(refused.body()).contains("You cannot remove the last owner");
    }

    @Test
    void two_owners_demoting_each_other_at_once_always_leave_an_owner() throws Exception {
        String firstOwner = HttpTenantIsolationTest.firstId(owner.api("GET", "/v1/members").body());
        Joined second = join("rival", "VIEWER");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        for (int round = 0; round < 15; round++) {
            ConsoleClient remaining = ownerCount(owner) > 0 && isOwner(owner) ? owner : second.client();
            String other = remaining == owner ? second.memberId() : firstOwner;
            assertThat(patchRole(remaining, other, "OWNER").statusCode()).isEqualTo(200);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            var a = pool.submit(() -> { start.await(); return patchRole(owner, second.memberId(), "ADMIN"); });
            var b = pool.submit(() -> { start.await(); return patchRole(second.client(), firstOwner, "ADMIN"); });
            start.countDown();
            a.get();
            b.get();

            assertThat(ownerCount(isOwner(owner) ? owner : second.client())).as("owners after round " + round)
                    .isEqualTo(1);
        }
        pool.shutdown();
    }

    private static boolean isOwner(ConsoleClient client) {
        return client.api("GET", "/v1/members").statusCode() == 200
                && client.api("PATCH", "/v1/organization", "application/json", "{}").statusCode() == 200
                && client.get("/app/audit/retention").statusCode() == 200;
    }

    private static long ownerCount(ConsoleClient client) {
        String members = client.api("GET", "/v1/members?limit=200").body();
        return java.util.regex.Pattern.compile("\"role\":\"OWNER\"").matcher(members).results().count();
    }

    private record Joined(ConsoleClient client, String memberId, String email) {
    }

    private Joined join(String name, String role) {
        String email = name + "-" + ownerAccount.slug() + "@example.com";
        String created = owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}").body();
        String path = java.net.URI.create(created.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
        ConsoleClient client = new ConsoleClient(port);
        client.submitForm(path, path, Map.of("displayName", name, "password", TestAccounts.STRONG_PASSWORD));
        String members = owner.api("GET", "/v1/members").body();
        String memberId = members.replaceAll(".*\"id\":\"(mem_[0-9a-f]{32})\",\"email\":\"" + java.util.regex.Pattern.quote(email) + "\".*", "$1");
        assertThat(memberId).startsWith("mem_");
        return new Joined(client, memberId, email);
    }

    private static HttpResponse<String> patchRole(ConsoleClient client, String memberId, String role) {
        return client.api("PATCH", "/v1/members/" + memberId, "application/json", "{\"role\":\"" + role + "\"}");
    }
}
