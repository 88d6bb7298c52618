package io.tollgate.audit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.internal.retention.AuditArchiver;
import io.tollgate.audit.internal.retention.AuditArchiver.Outcome;
import io.tollgate.audit.internal.retention.RetentionSettingsService;
import io.tollgate.audit.internal.retention.RetentionViews;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * What stands between a purge and the audit trail, in the application and in the database: legal hold, a recorded
 * verified archive of exactly the range, the retention period, the chain head, and no DELETE for anyone else.
 */
@TollgateTest
class PurgeGuardsTest {

    static final String FAKE_SHA = "a".repeat(64);

    @Autowired
    Environment environment;
    @Autowired
    AuditArchiver archiver;
    @Autowired
    RetentionSettingsService settings;

    Databases databases;
    AuditFixtures fixtures;

    @BeforeEach
    void setUp() {
        databases = Databases.of(environment);
        fixtures = new AuditFixtures(databases);
    }

    @Test
    @WithMockUser(roles = "OWNER")
    void legal_hold_blocks_the_archive_and_the_purge() throws Exception {
        TenantId tenant = fixtures.tenant("hold");
        List<AuditRecord> old = fixtures.oldEvents(tenant, 5, 400);
        fixtures.oldEvents(tenant, 1, 0);
        inScope(tenant, () -> settings.update(90, true, 0));

        AuditArchiver.Result held = archiver.archiveOnce(tenant);

        assertThat(held.outcome()).isEqualTo(Outcome.HELD);
        assertThat(fixtures.storedSeqs(tenant)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        RetentionViews.Overview overview = inScope(tenant, settings::overview);
        assertThat(overview.runs()).extracting(RetentionViews.Run::outcome).containsExactly("HELD");
        assertThat(overview.archives()).isEmpty();

        // The database refuses too, even when an archive of the range is on record.
        try (Connection runtime = fixtures.runtimeBoundTo(tenant)) {
            runtime.setAutoCommit(false);
            recordArchive(runtime, tenant, 1, 5, AuditChain.GENESIS, old.get(4).hash());
            assertThatThrownBy(() -> purge(runtime, 5, FAKE_SHA)).hasMessageContaining("legal hold");
            runtime.rollback();
        }

        // Lifted, the next run archives and purges the aged events (6 is young, 7 and 8 are the settings changes).
        inScope(tenant, () -> settings.update(90, false, 1));
        AuditArchiver.Result archived = archiver.archiveOnce(tenant);
        assertThat(archived.outcome()).isEqualTo(Outcome.ARCHIVED);
        assertThat(archived.toSeq()).isEqualTo(5);
    }

    @Test
    void the_runtime_role_cannot_delete_audit_events_or_purge_without_a_recorded_archive() throws Exception {
        TenantId tenant = fixtures.tenant("guard");
        List<AuditRecord> old = fixtures.oldEvents(tenant, 5, 400);
        List<AuditRecord> young = fixtures.oldEvents(tenant, 3, 0);

        try (Connection runtime = fixtures.runtimeBoundTo(tenant); Statement sql = runtime.createStatement()) {
            runtime.setAutoCommit(false);
            assertThatThrownBy(() -> sql.execute("DELETE FROM audit_events"))
                    .isInstanceOf(SQLException.class).satisfies(e -> assertThat(state(e)).isEqualTo("42501"));
            runtime.rollback();
            sql.execute("SET LOCAL tollgate.audit_purge = 'on'");
            assertThatThrownBy(() -> sql.execute("DELETE FROM audit_events WHERE seq = 1"))
                    .satisfies(e -> assertThat(state(e)).isEqualTo("42501"));
            runtime.rollback();
            assertThatThrownBy(() -> sql.execute("TRUNCATE audit_events"))
                    .satisfies(e -> assertThat(state(e)).isEqualTo("42501"));
            runtime.rollback();
            assertThatThrownBy(() -> sql.execute("INSERT INTO audit_purge_anchors (tenant_id, up_to_seq, last_hash,"
                    + " archive_id, purged_count) VALUES ('" + tenant + "', 5, 'x', gen_random_uuid(), 5)"))
                    .satisfies(e -> assertThat(state(e)).isEqualTo("42501"));
            runtime.rollback();

            // No archive on record: refused.
            assertThatThrownBy(() -> purge(runtime, 5, FAKE_SHA)).hasMessageContaining("no verified archive");
            runtime.rollback();

            // An archive whose hashes do not match the stored chain: refused.
            recordArchive(runtime, tenant, 1, 5, AuditChain.GENESIS, "b".repeat(64));
            assertThatThrownBy(() -> purge(runtime, 5, FAKE_SHA)).hasMessageContaining("do not match");
            runtime.rollback();

            // Events younger than the retention period: refused.
            recordArchive(runtime, tenant, 1, 7, AuditChain.GENESIS, young.get(1).hash());
            assertThatThrownBy(() -> purge(runtime, 7, FAKE_SHA)).hasMessageContaining("not older than");
            runtime.rollback();

            // The head always stays: new events link to it.
            recordArchive(runtime, tenant, 1, 8, AuditChain.GENESIS, young.get(2).hash());
            assertThatThrownBy(() -> purge(runtime, 8, FAKE_SHA)).hasMessageContaining("head");
            runtime.rollback();

            // Retention outside 30–3650 days is refused by the database as well as by the service.
            assertThatThrownBy(() -> sql.execute("INSERT INTO audit_retention_settings (tenant_id, retention_days)"
                    + " VALUES ('" + tenant + "', 29)"))
                    .satisfies(e -> assertThat(state(e)).isEqualTo("23514"));
            runtime.rollback();
            assertThatThrownBy(() -> sql.execute("INSERT INTO audit_retention_settings (tenant_id, retention_days)"
                    + " VALUES ('" + tenant + "', 3651)"))
                    .satisfies(e -> assertThat(state(e)).isEqualTo("23514"));
            runtime.rollback();
        }

        try (Connection unbound = databases.asRuntime(); Statement sql = unbound.createStatement()) {
            assertThatThrownBy(() -> sql.execute("SELECT audit_purge(5, '" + FAKE_SHA + "')"))
                    .hasMessageContaining("no tenant is bound");
        }

        // Even the owner role (which owns the table) cannot DELETE outside audit_purge().
        try (Connection owner = databases.asOwner(); Statement sql = owner.createStatement()) {
            owner.setAutoCommit(false);
            sql.execute("SELECT set_config('app.tenant_id', '" + tenant + "', true)");
            assertThatThrownBy(() -> sql.execute("DELETE FROM audit_events WHERE seq = 1"))
                    .hasMessageContaining("append-only");
            owner.rollback();
        }

        assertThat(fixtures.storedSeqs(tenant)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(old).hasSize(5);
    }

    @Test
    @WithMockUser(roles = "OWNER")
    void nothing_is_purged_when_the_archive_cannot_be_written() throws Exception {
        TenantId tenant = fixtures.tenant("unwritable");
        fixtures.oldEvents(tenant, 4, 400);
        fixtures.oldEvents(tenant, 1, 0);
        // The tenant's archive folder is taken by a plain file, so no archive can be written there.
        Path blocker = Path.of(environment.getRequiredProperty("tollgate.home"), "audit-archive", tenant.toString());
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "in the way");
        try {
            AuditArchiver.Result failed = archiver.archiveOnce(tenant);

            assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(fixtures.storedSeqs(tenant)).containsExactly(1L, 2L, 3L, 4L, 5L);
            RetentionViews.Overview overview = inScope(tenant, settings::overview);
            assertThat(overview.runs()).extracting(RetentionViews.Run::outcome).containsExactly("FAILED");
            assertThat(overview.runs().getFirst().detail()).contains("Could not write the archive");
            assertThat(overview.anchor()).isNull();
            assertThat(overview.archives()).isEmpty();
        } finally {
            Files.delete(blocker);
        }
        assertThat(archiver.archiveOnce(tenant).outcome()).isEqualTo(Outcome.ARCHIVED);
    }

    @Test
    void checkpoints_archives_and_anchors_are_append_only() throws Exception {
        TenantId tenant = fixtures.tenant("appendonly");
        fixtures.oldEvents(tenant, 3, 400);
        fixtures.oldEvents(tenant, 1, 0);
        assertThat(archiver.archiveOnce(tenant).outcome()).isEqualTo(Outcome.ARCHIVED);

        try (Connection owner = databases.asOwner(); Statement sql = owner.createStatement()) {
            owner.setAutoCommit(false);
            sql.execute("SELECT set_config('app.tenant_id', '" + tenant + "', true)");
            for (String table : List.of("audit_checkpoints", "audit_archives", "audit_purge_anchors",
                    "audit_archive_runs")) {
                assertThatThrownBy(() -> sql.execute("DELETE FROM " + table)).as(table)
                        .hasMessageContaining("append-only");
                owner.rollback();
                sql.execute("SELECT set_config('app.tenant_id', '" + tenant + "', true)");
            }
        }
        try (Connection runtime = fixtures.runtimeBoundTo(tenant); Statement sql = runtime.createStatement()) {
            assertThatThrownBy(() -> sql.execute("UPDATE audit_checkpoints SET hash = 'x'"))
                    .satisfies(e -> assertThat(state(e)).isEqualTo("42501"));
        }
    }

    private static void recordArchive(Connection runtime, TenantId tenant, long from, long to, String firstPrev,
                                      String lastHash) throws SQLException {
        try (PreparedStatement insert = runtime.prepareStatement("""
                INSERT INTO audit_archives (tenant_id, id, from_seq, to_seq, event_count, first_prev_hash, last_hash,
                                            manifest_sha256, file_count, location)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'nowhere')""")) {
            insert.setObject(1, tenant.value());
            insert.setObject(2, UUID.randomUUID());
            insert.setLong(3, from);
            insert.setLong(4, to);
            insert.setLong(5, to - from + 1);
            insert.setString(6, firstPrev);
            insert.setString(7, lastHash);
            insert.setString(8, FAKE_SHA);
            insert.executeUpdate();
        }
    }

    private static void purge(Connection connection, long upTo, String sha) throws SQLException {
        try (PreparedStatement call = connection.prepareStatement("SELECT audit_purge(?, ?)")) {
            call.setLong(1, upTo);
            call.setString(2, sha);
            call.execute();
        }
    }

    private static String state(Throwable e) {
        return e instanceof SQLException sql ? sql.getSQLState() : null;
    }

    private static <T> T inScope(TenantId tenant, java.util.function.Supplier<T> work) {
        return TenantScope.call(TenantScope.Binding.tenant(tenant), work);
    }
}
