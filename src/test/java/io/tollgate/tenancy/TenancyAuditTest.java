package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import io.tollgate.audit.AuditSeals;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** What people do in tenancy lands in their organisation's audit trail, with who, from where, and what changed. */
@TollgateTest
class TenancyAuditTest {

    @LocalServerPort
    int port;

    @Autowired
    AuditSeals seals;

    @Autowired
    Environment environment;

    TestAccounts account;
    ConsoleClient owner;

    @BeforeEach
    void signUp() {
        account = TestAccounts.fresh("Audited");
        owner = account.signUp(port);
    }

    @Test
    void sign_up_rename_and_invite_are_recorded_with_actor_and_request() {
        String etag = owner.api("GET", "/v1/organization").headers().firstValue("ETag").orElseThrow();
        owner.send(owner.apiRequest("PATCH", "/v1/organization", "application/json",
                HttpRequest.BodyPublishers.ofString("{\"name\":\"Audited Renamed\"}")).header("If-Match", etag)
                .header("X-Request-Id", "rename-req-1").header("User-Agent", "audit-test-agent").build());
        owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"bob-" + account.slug() + "@example.com\",\"role\":\"VIEWER\"}");

        String trail = owner.api("GET", "/v1/audit-events").body();

        assertThat(trail).contains("\"action\":\"organization.created\"", "\"action\":\"organization.updated\"",
                "\"action\":\"invitation.created\"", "\"name\":\"" + account.name() + "\"", "\"type\":\"USER\"");
        String renamed = owner.api("GET", "/v1/audit-events?action=organization.updated").body();
        assertThat(renamed).contains("rename-req-1").contains("audit-test-agent").contains("127.0.0.1")
                .contains("Audited Renamed").contains(account.organization()).doesNotContain("invitation.created");
        seals.sealAll(); // events are sealed after commit (ADR 0052); the count below is of sealed events
        assertThat(owner.api("POST", "/v1/audit-chain/verify", "application/json", "").body())
                .contains("\"intact\":true").contains("\"events_checked\":3").contains("\"pending_events\":0");
    }

    @Test
    void the_trace_of_an_incoming_traceparent_reaches_the_audit_event() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        owner.send(owner.apiRequest("POST", "/v1/invitations", "application/json",
                HttpRequest.BodyPublishers.ofString("{\"email\":\"traced-" + account.slug()
                        + "@example.com\",\"role\":\"VIEWER\"}"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build());

        assertThat(owner.api("GET", "/v1/audit-events?action=invitation.created").body())
                .contains("\"trace_id\":\"" + traceId + "\"");
        assertThat(owner.api("GET", "/v1/audit-events?action=organization.created").body())
                .containsPattern("\"trace_id\":\"[0-9a-f]{32}\"");
    }

    @Test
    void failed_and_successful_sign_ins_are_recorded() {
        new ConsoleClient(port).signIn(account.email(), "wrong-password-123");
        new ConsoleClient(port).signIn(account.email(), account.password());

        String trail = owner.api("GET", "/v1/audit-events?action=auth.").body();

        assertThat(trail).contains("auth.sign_in.failed").contains("auth.sign_in.succeeded")
                .contains("\"type\":\"ANONYMOUS\"");
    }

    @Test
    void invitation_tokens_never_reach_the_audit_trail() throws Exception {
        String created = owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"secret-" + account.slug() + "@example.com\",\"role\":\"ADMIN\"}").body();
        String token = created.replaceAll(".*\"link\":\"[^\"]*/([^/\"]+)\".*", "$1");

        StringBuilder dump = new StringBuilder();
        try (Connection connection = Databases.of(environment).asSuperuser();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT audit_events::text FROM audit_events")) {
            while (rows.next()) {
                dump.append(rows.getString(1)).append('\n');
            }
        }

        assertThat(token).hasSizeGreaterThan(30);
        assertThat(dump).contains("secret-" + account.slug()).doesNotContain(token);
    }

    @Test
    void audit_events_of_another_tenant_are_404_and_filters_narrow_the_list() {
        String id = owner.api("GET", "/v1/audit-events?limit=1").body().replaceAll(".*?\"id\":\"(aud_[0-9a-f]{32})\".*", "$1");
        ConsoleClient stranger = TestAccounts.fresh("Stranger").signUp(port);

        ApiProblemDetailsTest.assertProblem(stranger.api("GET", "/v1/audit-events/" + id), 404, "not-found");
        assertThat(stranger.api("GET", "/v1/audit-events").body()).doesNotContain(id);
        assertThat(owner.api("GET", "/v1/audit-events/" + id).statusCode()).isEqualTo(200);
        HttpResponse<String> paged = owner.api("GET", "/v1/audit-events?limit=1");
        assertThat(paged.body()).contains("\"next_cursor\":null");
    }

    @Test
    void a_viewer_may_not_read_the_audit_trail() {
        String body = owner.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"viewer-" + account.slug() + "@example.com\",\"role\":\"VIEWER\"}").body();
        String path = java.net.URI.create(body.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
        ConsoleClient viewer = new ConsoleClient(port);
        viewer.submitForm(path, path, Map.of("displayName", "Vera", "password", TestAccounts.STRONG_PASSWORD));

        ApiProblemDetailsTest.assertProblem(viewer.api("GET", "/v1/audit-events"), 403, "forbidden");
    }
}
