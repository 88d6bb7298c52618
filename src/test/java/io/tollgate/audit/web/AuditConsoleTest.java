package io.tollgate.audit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditSeals;
import io.tollgate.support.Databases;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit log console: list, filter, detail, chain verification, exports, and who may see any of it. */
@TollgateTest
class AuditConsoleTest {

    private static final Pattern ROW = Pattern.compile("<tr data-action=\"([^\"]+)\">(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern EVENT_LINK = Pattern.compile("href=\"/app/audit/([0-9a-f-]{36})\"");

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    AuditSeals seals;

    AuditConsoleClient owner;
    String originalName;
    String newName;
    String inviteeEmail;

    @BeforeEach
    void signUpRenameAndInvite() {
        owner = AuditConsoleClient.signUp(port, "Audited", "Ada Auditor");
        originalName = owner.organization();
        newName = "Renamed " + UUID.randomUUID().toString().substring(0, 8);
        assertThat(owner.rename(newName).body()).contains("Organisation settings saved.");
        inviteeEmail = "bob-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        owner.invite(inviteeEmail, "ANALYST");
        // The tests read hashes and tamper with sealed events: seal what the sign-up, rename and invite recorded.
        seals.sealAll();
    }

    @Test
    void the_log_lists_sign_up_rename_and_invitation_with_the_actors_name() {
        HttpResponse<String> page = owner.get("/app/audit");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Audit log</h1>").contains("aria-current=\"page\">Audit</a>");
        List<String> actions = rows(page.body()).stream().map(Row::action).toList();
        assertThat(actions).contains("organization.created", "organization.updated", "invitation.created");
        assertThat(actions.indexOf("invitation.created")).isLessThan(actions.indexOf("organization.updated"))
                .isLessThan(actions.indexOf("organization.created"));
        assertThat(row(page.body(), "organization.updated").html()).contains("Ada Auditor").contains(">user<");
        assertThat(row(page.body(), "invitation.created").html()).contains("Ada Auditor").contains("invitation");
    }

    @Test
    void filtering_by_an_action_family_shows_only_those_events() {
        HttpResponse<String> page = owner.get("/app/audit?action=invitation.");

        assertThat(rows(page.body())).isNotEmpty().allSatisfy(r -> assertThat(r.action()).startsWith("invitation."));
        assertThat(page.body()).contains("href=\"/app/audit/export.csv?action=invitation.\"");

        HttpResponse<String> fragment = owner.htmxGet("/app/audit?action=invitation.");
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body()).doesNotContain("<html").doesNotContain("<h1").contains("id=\"audit-results\"");
        assertThat(rows(fragment.body())).hasSameSizeAs(rows(page.body()));
    }

    @Test
    void the_detail_page_shows_the_rename_before_and_after_and_the_chain_links() {
        String id = eventId(owner.get("/app/audit?action=organization.updated").body(), "organization.updated");

        HttpResponse<String> detail = owner.get("/app/audit/" + id);

        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(cell(detail.body(), "before-name")).isEqualTo(originalName);
        assertThat(cell(detail.body(), "after-name")).isEqualTo(newName);
        assertThat(detail.body()).contains("Ada Auditor").contains(id);
        assertThat(code(detail.body(), "event-hash")).matches("[0-9a-f]{64}");
        assertThat(code(detail.body(), "event-prev-hash")).matches("[0-9a-f]{64}").isNotEqualTo(AuditChain.GENESIS);
    }

    @Test
    void an_unknown_event_is_not_found() {
        assertThat(owner.get("/app/audit/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(owner.get("/app/audit/not-an-id").statusCode()).isEqualTo(404);
    }

    @Test
    void verifying_the_chain_reports_it_intact_with_and_without_javascript() {
        HttpResponse<String> afterRedirect = owner.submitForm("/app/audit", "/app/audit/verify", Map.of());

        assertThat(afterRedirect.uri().getPath()).isEqualTo("/app/audit");
        assertThat(afterRedirect.body()).contains("data-testid=\"chain-intact\"").contains("The chain is intact.");

        HttpResponse<String> fragment = owner.htmxPost("/app/audit/verify");
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body()).doesNotContain("<html").contains("id=\"chain-status\"")
                .contains("data-testid=\"chain-intact\"");
        assertThat(Integer.parseInt(between(fragment.body(), "data-testid=\"chain-events-checked\">", "<")))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void a_tampered_event_is_named_as_the_first_break() throws Exception {
        String id = eventId(owner.get("/app/audit").body(), "organization.updated");
        try (Connection db = Databases.of(environment).asSuperuser(); Statement statement = db.createStatement()) {
            // The superuser skips the append-only triggers, as an attacker with database access could.
            statement.execute("SET session_replication_role = replica");
            statement.executeUpdate("UPDATE audit_events SET actor_name = 'Someone Else' WHERE id = '" + id + "'");
        }

        HttpResponse<String> fragment = owner.htmxPost("/app/audit/verify");

        assertThat(fragment.body()).contains("data-testid=\"chain-broken\"").contains("HASH_MISMATCH")
                .contains("href=\"/app/audit/" + id + "\"").doesNotContain("chain-intact");
        HttpResponse<String> page = owner.submitForm("/app/audit", "/app/audit/verify", Map.of());
        assertThat(page.body()).contains("The chain is broken at event #");
    }

    @Test
    void an_event_waiting_for_its_seal_is_listed_as_sealing_and_counted_as_pending_not_as_a_break()
            throws Exception {
        UUID waiting = UUID.randomUUID();
        try (Connection db = Databases.of(environment).asSuperuser();
             PreparedStatement insert = db.prepareStatement("""
                     INSERT INTO audit_events (tenant_id, id, occurred_at, actor_type, actor_name, action, target_type,
                                               changes)
                     SELECT id, ?, clock_timestamp(), 'SYSTEM', 'Tollgate', 'test.waiting', 'test', '{}'
                     FROM tenants WHERE name = ?""")) {
            // As a replica that died between commit and seal leaves it: nobody signals the sealer.
            insert.setObject(1, waiting);
            insert.setString(2, newName);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }

        HttpResponse<String> page = owner.get("/app/audit");
        assertThat(row(page.body(), "test.waiting").html()).contains("sealing…")
                .contains("data-testid=\"event-" + waiting + "\"");
        HttpResponse<String> detail = owner.get("/app/audit/" + waiting);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains("data-testid=\"event-pending\"").contains("not sealed yet");

        HttpResponse<String> verified = owner.htmxPost("/app/audit/verify");
        assertThat(verified.body()).contains("data-testid=\"chain-intact\"").contains("data-testid=\"chain-pending\"")
                .doesNotContain("chain-broken");

        seals.sealAll();
        assertThat(owner.get("/app/audit/" + waiting).body()).doesNotContain("event-pending");
        assertThat(owner.htmxPost("/app/audit/verify").body()).contains("data-testid=\"chain-intact\"")
                .doesNotContain("chain-pending");
    }

    @Test
    void verifying_without_a_csrf_token_is_refused() {
        assertThat(owner.postForm("/app/audit/verify", Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void csv_export_has_a_header_and_a_row_per_event_and_neutralises_formulas() {
        AuditConsoleClient mallory = AuditConsoleClient.signUp(port, "Formula", "=SUM(1+1) Mallory");
        mallory.rename("=HYPERLINK(\"http://evil.example\") Corp");
        int shownBeforeExport = rows(mallory.get("/app/audit").body()).size();

        HttpResponse<String> csv = mallory.get("/app/audit/export.csv");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.toLowerCase()).startsWith("text/csv").contains("charset=utf-8"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).matches("attachment; filename=\"audit-\\d{8}-\\d{6}\\.csv\""));
        List<String> lines = lines(csv.body());
        assertThat(lines.getFirst()).startsWith("seq,occurred_at,actor_type,actor_id,actor_name,action")
                .endsWith(",prev_hash,hash");
        assertThat(lines).hasSize(1 + shownBeforeExport);
        assertThat(mallory.get("/app/audit").body()).contains("audit.exported");
        assertThat(csv.body()).contains("\"'=SUM(1+1) Mallory\"").doesNotContain(",\"=");
        assertThat(lines.stream().skip(1)).allSatisfy(line -> assertThat(line).startsWith("\""));
    }

    @Test
    void csv_export_carries_the_filters() {
        HttpResponse<String> csv = owner.get("/app/audit/export.csv?action=invitation.");

        List<String> lines = lines(csv.body());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"invitation.created\"").contains(inviteeEmail);
    }

    @Test
    void jsonl_export_lines_parse_and_carry_the_chain() {
        int shownBeforeExport = rows(owner.get("/app/audit").body()).size();

        HttpResponse<String> jsonl = owner.get("/app/audit/export.jsonl");

        assertThat(jsonl.statusCode()).isEqualTo(200);
        assertThat(jsonl.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/x-ndjson"));
        assertThat(jsonl.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).matches("attachment; filename=\"audit-\\d{8}-\\d{6}\\.jsonl\""));
        List<JsonNode> events = lines(jsonl.body()).stream().map(JsonMapper.shared()::readTree).toList();
        assertThat(events).hasSize(shownBeforeExport);
        String previous = AuditChain.GENESIS;
        for (JsonNode event : events) {
            assertThat(event.get("prev_hash").asString()).isEqualTo(previous);
            assertThat(event.get("hash").asString()).matches("[0-9a-f]{64}");
            previous = event.get("hash").asString();
        }
        assertThat(events).extracting(e -> e.get("action").asString())
                .contains("organization.created", "organization.updated", "invitation.created");
    }

    @Test
    void unreadable_filters_are_explained_on_the_page() {
        HttpResponse<String> badDate = owner.get("/app/audit?from=yesterday");
        HttpResponse<String> backwards = owner.get("/app/audit?from=2025-02-01&to=2025-01-01");
        HttpResponse<String> badCursor = owner.get("/app/audit?before=abc");
        HttpResponse<String> badExport = owner.get("/app/audit/export.csv?from=yesterday");

        assertThat(badDate.statusCode()).isEqualTo(200);
        assertThat(badDate.body()).contains("These filters could not be applied.")
                .contains("Enter a date such as 2025-01-31").contains("aria-invalid=\"true\"");
        assertThat(backwards.statusCode()).isEqualTo(200);
        assertThat(backwards.body()).contains("The end must not be before the start.");
        assertThat(badCursor.statusCode()).isEqualTo(200);
        assertThat(badCursor.body()).contains("That page link is not valid.");
        assertThat(badExport.uri().getPath()).isEqualTo("/app/audit");
        assertThat(badExport.body()).contains("These filters could not be applied.");
    }

    @Test
    void a_date_range_selects_by_time() {
        assertThat(rows(owner.get("/app/audit?from=2000-01-01&to=2000-12-31").body())).isEmpty();
        assertThat(rows(owner.get("/app/audit?from=2000-01-01T00:00&q=" + ConsoleClient.urlEncode(newName))
                .body())).extracting(Row::action).containsExactly("organization.updated");
    }

    @Test
    void older_events_are_a_link_that_keeps_the_filters() {
        for (int i = 0; i < 51; i++) {
            owner.invite("many-" + i + "-" + inviteeEmail, "VIEWER");
        }

        String first = owner.get("/app/audit?action=invitation.").body();
        assertThat(rows(first)).hasSize(50);
        String older = between(first, "rel=\"next\" data-testid=\"audit-older\" href=\"", "\"").replace("&amp;", "&");
        assertThat(older).contains("action=invitation.").contains("before=");

        String second = owner.get(older).body();
        assertThat(rows(second)).hasSize(2).allSatisfy(r -> assertThat(r.action()).isEqualTo("invitation.created"));
        assertThat(second).doesNotContain("data-testid=\"audit-older\"").contains("Newest events");
    }

    @Test
    void a_viewer_is_refused_and_sees_no_audit_link() {
        AuditConsoleClient viewer = AuditConsoleClient.accept(port,
                owner.invite("viewer-" + inviteeEmail, "VIEWER"), "Vic Viewer");

        assertThat(viewer.get("/app").body()).doesNotContain("href=\"/app/audit\"");
        HttpResponse<String> refused = viewer.get("/app/audit");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Your role does not allow this");
        HttpResponse<String> refusedExport = viewer.get("/app/audit/export.csv");
        assertThat(refusedExport.statusCode()).isEqualTo(403);
        assertThat(refusedExport.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(refusedExport.body()).contains("Your role does not allow this");
    }

    @Test
    void an_analyst_may_read_the_log() {
        AuditConsoleClient analyst = AuditConsoleClient.accept(port,
                owner.invite("analyst-" + inviteeEmail, "ANALYST"), "Ann Analyst");

        assertThat(analyst.get("/app").body()).contains("href=\"/app/audit\"");
        assertThat(analyst.get("/app/audit").statusCode()).isEqualTo(200);
    }

    @Test
    void another_tenants_event_is_not_found() {
        String id = eventId(owner.get("/app/audit").body(), "organization.updated");
        AuditConsoleClient stranger = AuditConsoleClient.signUp(port, "Stranger", "Sam Stranger");

        HttpResponse<String> response = stranger.get("/app/audit/" + id);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(stranger.get("/app/audit").body()).doesNotContain(id);
    }

    record Row(String action, String html) {
    }

    private static List<Row> rows(String html) {
        List<Row> rows = new ArrayList<>();
        Matcher matcher = ROW.matcher(html);
        while (matcher.find()) {
            rows.add(new Row(matcher.group(1), matcher.group(2)));
        }
        return rows;
    }

    private static Row row(String html, String action) {
        return rows(html).stream().filter(r -> r.action().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " row in " + html));
    }

    private static String eventId(String html, String action) {
        Matcher link = EVENT_LINK.matcher(row(html, action).html());
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    /** The text of the value in a before/after cell. */
    private static String cell(String html, String testId) {
        String cell = between(html, "data-testid=\"" + testId + "\">", "</td>");
        return cell.replaceAll("<[^>]+>", "").strip();
    }

    private static String code(String html, String testId) {
        return between(html, "data-testid=\"" + testId + "\">", "<");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'%s' in the page", start).isNotNegative();
        int begin = from + start.length();
        return text.substring(begin, text.indexOf(end, begin));
    }

    private static List<String> lines(String body) {
        return Arrays.stream(body.split("\n")).filter(line -> !line.isEmpty()).toList();
    }
}
