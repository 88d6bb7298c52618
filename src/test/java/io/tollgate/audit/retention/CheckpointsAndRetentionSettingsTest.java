package io.tollgate.audit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tollgate.audit.AuditCheckpoint;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.AuditSeals;
import io.tollgate.audit.internal.retention.AuditArchiver;
import io.tollgate.audit.internal.retention.AuditCheckpoints;
import io.tollgate.audit.internal.retention.RetentionSettingsService;
import io.tollgate.audit.internal.retention.RetentionViews;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.context.support.WithMockUser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Signed checkpoints over the API, and the owner-only retention settings (page, validation, audit event). */
@TollgateTest
class CheckpointsAndRetentionSettingsTest {

    static final String PAGE = "/app/audit/retention";

    @LocalServerPort
    int port;
    @Autowired
    Environment environment;
    @Autowired
    AuditCheckpoints checkpoints;
    @Autowired
    RetentionSettingsService settings;
    @Autowired
    PasswordEncoder passwordEncoder;
    @Autowired
    AuditArchiver archiver;
    @Autowired
    AuditSeals seals;

    Databases databases;
    AuditFixtures fixtures;

    @BeforeEach
    void setUp() {
        databases = Databases.of(environment);
        fixtures = new AuditFixtures(databases);
    }

    @Test
    void a_checkpoint_verifies_with_the_exported_public_key_and_fails_for_a_modified_hash() throws Exception {
        ConsoleSession owner = new ConsoleSession(port);
        TenantId tenant = tenantOf(owner.signUp("ckpt"));
        seals.sealNow(tenant);
        AuditCheckpoint signed = checkpoints.checkpointHead(tenant).orElseThrow();
        assertThat(checkpoints.checkpointHead(tenant)).as("an unchanged head is not signed again").contains(signed);

        HttpResponse<String> response = owner.api("/v1/audit-checkpoints?limit=5");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        JsonNode exported = body.get("data").get(0);
        assertThat(exported.get("tenant_id").stringValue()).isEqualTo(tenant.toString());
        assertThat(exported.get("seq").longValue()).isEqualTo(signed.seq());
        assertThat(exported.get("hash").stringValue()).isEqualTo(signed.hash());
        String publicKey = body.get("signing_key").get("public_key").stringValue();
        assertThat(exported.get("public_key").stringValue()).isEqualTo(publicKey);
        assertThat(exported.get("key_id").stringValue()).isEqualTo(body.get("signing_key").get("key_id").stringValue());

        // Checked with nothing but the JDK, the exported key and the exported payload.
        String payload = exported.get("payload").stringValue();
        byte[] signature = Base64.getDecoder().decode(exported.get("signature").stringValue());
        assertThat(ed25519Verifies(publicKey, payload, signature)).isTrue();
        assertThat(ed25519Verifies(publicKey, payload.replace(signed.hash(), "f".repeat(64)), signature)).isFalse();

        AuditCheckpoint roundTripped = new AuditCheckpoint(UUID.fromString(exported.get("tenant_id").stringValue()),
                exported.get("seq").longValue(), exported.get("hash").stringValue(),
                Instant.parse(exported.get("signed_at").stringValue()), exported.get("key_id").stringValue(),
                exported.get("signature").stringValue(), publicKey);
        assertThat(roundTripped.payload()).isEqualTo(payload);
        assertThat(roundTripped.verifies()).isTrue();
        AuditCheckpoint modified = new AuditCheckpoint(roundTripped.tenantId(), roundTripped.seq(), "f".repeat(64),
                roundTripped.signedAt(), roundTripped.keyId(), roundTripped.signature(), roundTripped.publicKey());
        assertThat(modified.verifies()).isFalse();
    }

    @Test
    void a_checkpoint_signs_the_sealed_head_never_an_event_waiting_for_its_seal() throws Exception {
        TenantId tenant = fixtures.tenant("ckwait");
        List<AuditRecord> sealed = fixtures.oldEvents(tenant, 2, 0);
        fixtures.unsealedEvent(tenant, "fixture.waiting");

        AuditCheckpoint signed = checkpoints.checkpointHead(tenant).orElseThrow();

        assertThat(signed.seq()).isEqualTo(2);
        assertThat(signed.hash()).isEqualTo(sealed.getLast().hash());
        assertThat(signed.verifies()).isTrue();
        assertThat(seals.sealNow(tenant)).isEqualTo(1);
        assertThat(checkpoints.checkpointHead(tenant).orElseThrow().seq()).isEqualTo(3);
    }

    @Test
    void the_retention_page_is_for_owners_only() throws Exception {
        ConsoleSession owner = new ConsoleSession(port);
        String slug = owner.signUp("retpage");
        TenantId tenant = tenantOf(slug);

        HttpResponse<String> page = owner.get(PAGE);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Audit retention").contains("Keep events for")
                .contains("Events older than 90 days are archived, then removed");

        ConsoleSession admin = member(tenant, "ADMIN");
        assertThat(admin.get(PAGE).statusCode()).isEqualTo(403);
        assertThat(admin.postWithConsoleToken(PAGE, Map.of("retentionDays", "30", "legalHold", "false",
                "version", "0")).statusCode()).isEqualTo(403);
        assertThat(admin.api("/v1/audit-checkpoints").statusCode()).as("admins may read checkpoints").isEqualTo(200);

        ConsoleSession viewer = member(tenant, "VIEWER");
        assertThat(viewer.get(PAGE).statusCode()).isEqualTo(403);
        assertThat(viewer.api("/v1/audit-checkpoints").statusCode()).isEqualTo(403);
        assertThat(settingsRow(tenant)).as("nothing was saved").isNull();
    }

    @Test
    void an_owner_sets_retention_and_legal_hold_validated_and_guarded_by_the_version() throws Exception {
        ConsoleSession owner = new ConsoleSession(port);
        TenantId tenant = tenantOf(owner.signUp("retform"));

        for (String days : new String[] {"29", "3651", "ninety", "", "-5", "99999999999"}) {
            HttpResponse<String> refused = owner.submitForm(PAGE, PAGE,
                    Map.of("retentionDays", days, "legalHold", "false", "version", "0"));
            assertThat(refused.statusCode()).as(days).isEqualTo(200);
            assertThat(refused.body()).as(days).contains("The settings were not saved.")
                    .contains("Keep audit events for 30 to 3650 days.").doesNotContain("Failed to convert");
        }
        assertThat(settingsRow(tenant)).isNull();

        HttpResponse<String> saved = owner.submitForm(PAGE, PAGE,
                Map.of("retentionDays", "120", "legalHold", "true", "version", "0"));
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.uri().getPath()).isEqualTo(PAGE);
        assertThat(saved.body()).contains("Audit retention settings saved.").contains("Legal hold: nothing is removed");
        assertThat(settingsRow(tenant)).isEqualTo("120/true/1");
        assertThat(fixtures.actions(tenant)).contains("audit.retention.updated");
        assertThat(lastChanges(tenant, "audit.retention.updated"))
                .contains("\"legal_hold\":{\"after\":true,\"before\":false}")
                .contains("\"retention_days\":{\"after\":120,\"before\":90}");

        HttpResponse<String> stale = owner.submitForm(PAGE, PAGE,
                Map.of("retentionDays", "200", "legalHold", "false", "version", "0"));
        assertThat(stale.body()).contains("changed by someone else");
        assertThat(settingsRow(tenant)).isEqualTo("120/true/1");
    }

    @Test
    void the_page_shows_archive_runs_the_anchor_and_the_latest_checkpoint() throws Exception {
        TenantId tenant = fixtures.tenant("retshow");
        fixtures.oldEvents(tenant, 6, 300);
        fixtures.oldEvents(tenant, 1, 0);
        assertThat(archiver.archiveOnce(tenant).outcome()).isEqualTo(AuditArchiver.Outcome.ARCHIVED);
        checkpoints.checkpointHead(tenant);

        HttpResponse<String> page = member(tenant, "OWNER").get(PAGE);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Archived and purged").contains("#1–#6")
                .contains("data-testid=\"chain-anchor\"").contains("After event #<span>6</span>")
                .contains("data-testid=\"archives\"").contains(tenant + "/1-6")
                .contains(checkpoints.checkpointHead(tenant).orElseThrow().keyId());
    }

    @Test
    @WithMockUser(roles = "OWNER")
    void retention_outside_30_to_3650_days_is_refused() throws Exception {
        TenantId tenant = fixtures.tenant("retdays");
        TenantScope.Binding binding = TenantScope.Binding.tenant(tenant);

        assertThatThrownBy(() -> TenantScope.call(binding, () -> settings.update(29, false, 0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("30 to 3650");
        assertThatThrownBy(() -> TenantScope.call(binding, () -> settings.update(3651, false, 0)))
                .isInstanceOf(InvalidInputException.class);
        RetentionViews.Settings min = TenantScope.call(binding, () -> settings.update(30, false, 0));
        RetentionViews.Settings max = TenantScope.call(binding, () -> settings.update(3650, false, min.version()));
        assertThat(min.retentionDays()).isEqualTo(30);
        assertThat(max.retentionDays()).isEqualTo(3650);
        assertThat(max.version()).isEqualTo(2);
    }

    private static boolean ed25519Verifies(String publicKey, String payload, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))));
        verifier.update(payload.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(signature);
    }

    /** A signed-in member of the tenant with the role, added behind the app's back (invitations are tested elsewhere). */
    private ConsoleSession member(TenantId tenant, String role) throws SQLException {
        UUID user = UUID.randomUUID();
        String email = role.toLowerCase() + "-" + user.toString().substring(0, 8) + "@example.com";
        try (Connection connection = databases.asSuperuser();
             PreparedStatement insertUser = connection.prepareStatement(
                     "INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, ?, ?)");
             PreparedStatement insertMember = connection.prepareStatement(
                     "INSERT INTO memberships (tenant_id, id, user_id, role) VALUES (?, ?, ?, ?)")) {
            insertUser.setObject(1, user);
            insertUser.setString(2, email);
            insertUser.setString(3, "A " + role.toLowerCase());
            insertUser.setString(4, passwordEncoder.encode(ConsoleSession.PASSWORD));
            insertUser.executeUpdate();
            insertMember.setObject(1, tenant.value());
            insertMember.setObject(2, UUID.randomUUID());
            insertMember.setObject(3, user);
            insertMember.setString(4, role);
            insertMember.executeUpdate();
        }
        ConsoleSession session = new ConsoleSession(port);
        HttpResponse<String> signedIn = session.signIn(email, ConsoleSession.PASSWORD);
        assertThat(signedIn.uri().getPath()).startsWith("/app");
        return session;
    }

    private TenantId tenantOf(String slug) throws SQLException {
        try (Connection connection = databases.asSuperuser();
             PreparedStatement query = connection.prepareStatement("SELECT id FROM tenants WHERE slug = ?")) {
            query.setString(1, slug);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new TenantId(rs.getObject(1, UUID.class));
            }
        }
    }

    private String settingsRow(TenantId tenant) throws SQLException {
        try (Connection connection = databases.asSuperuser();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT retention_days, legal_hold, version FROM audit_retention_settings WHERE tenant_id = ?")) {
            query.setObject(1, tenant.value());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getInt(1) + "/" + rs.getBoolean(2) + "/" + rs.getLong(3) : null;
            }
        }
    }

    private String lastChanges(TenantId tenant, String action) throws SQLException {
        try (Connection connection = databases.asSuperuser();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT changes FROM audit_events WHERE tenant_id = ? AND action = ? ORDER BY seq DESC LIMIT 1")) {
            query.setObject(1, tenant.value());
            query.setString(2, action);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
