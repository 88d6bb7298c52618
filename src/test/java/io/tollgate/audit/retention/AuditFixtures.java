package io.tollgate.audit.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditRecord;
import io.tollgate.platform.TenantId;
import io.tollgate.support.Databases;

/**
 * Tenants and correctly chained audit events written from outside the app (as the superuser), so events can be
 * dated in the past: the retention cut uses the database clock, and this keeps the tests free of waiting.
 */
final class AuditFixtures {

    private final Databases databases;

    AuditFixtures(Databases databases) {
        this.databases = databases;
    }

    TenantId tenant(String label) throws SQLException {
        UUID id = UUID.randomUUID();
        String slug = label + "-" + id.toString().substring(0, 8);
        try (Connection connection = databases.asSuperuser();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO tenants (id, slug, name, status, time_zone) VALUES (?, ?, ?, 'ACTIVE', 'UTC')")) {
            insert.setObject(1, id);
            insert.setString(2, slug);
            insert.setString(3, "Retention " + slug);
            insert.executeUpdate();
        }
        return new TenantId(id);
    }

    /** Appends {@code count} events dated {@code daysAgo} days back (one second apart), chained to the current head. */
    List<AuditRecord> oldEvents(TenantId tenant, int count, int daysAgo) throws SQLException {
        long seq = 0;
        String prev = AuditChain.GENESIS;
        try (Connection connection = databases.asSuperuser();
             PreparedStatement head = connection.prepareStatement(
                     "SELECT seq, hash FROM audit_events WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1")) {
            head.setObject(1, tenant.value());
            try (ResultSet rs = head.executeQuery()) {
                if (rs.next()) {
                    seq = rs.getLong(1);
                    prev = rs.getString(2);
                }
            }
        }
        return events(tenant, seq + 1, prev, count, daysAgo);
    }

    /** Writes {@code count} chained events from {@code firstSeq} on, the first linking to {@code prevHash}. */
    List<AuditRecord> events(TenantId tenant, long firstSeq, String prevHash, int count, int daysAgo)
            throws SQLException {
        List<AuditRecord> written = new ArrayList<>();
        try (Connection connection = databases.asSuperuser()) {
            connection.setAutoCommit(false);
            long seq = firstSeq - 1;
            String prev = prevHash;
            Instant start = Instant.now().minus(daysAgo, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO audit_events (tenant_id, id, seq, occurred_at, actor_type, actor_id, actor_name, action,
                      target_type, target_id, request_id, trace_id, ip, user_agent, changes, prev_hash, hash)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")) {
                for (int i = 0; i < count; i++) {
                    seq++;
                    AuditRecord unsealed = new AuditRecord(tenant.value(), UUID.randomUUID(), seq,
                            start.plusSeconds(i), "USER", UUID.randomUUID().toString(), "Ada \"Lovelace\"",
                            "fixture.changed", "fixture", "fx-" + seq, "req-" + seq, null, "192.0.2.1",
                            "Mozilla/5.0 (tab\there)", "{\"name\":{\"after\":\"é " + seq + "\",\"before\":null}}",
                            prev, "");
                    AuditRecord r = new AuditRecord(unsealed.tenantId(), unsealed.id(), unsealed.seq(),
                            unsealed.occurredAt(), unsealed.actorType(), unsealed.actorId(), unsealed.actorName(),
                            unsealed.action(), unsealed.targetType(), unsealed.targetId(), unsealed.requestId(),
                            unsealed.traceId(), unsealed.ip(), unsealed.userAgent(), unsealed.changes(),
                            unsealed.prevHash(), AuditChain.hash(unsealed));
                    insert.setObject(1, r.tenantId());
                    insert.setObject(2, r.id());
                    insert.setLong(3, r.seq());
                    insert.setTimestamp(4, Timestamp.from(r.occurredAt()));
                    insert.setString(5, r.actorType());
                    insert.setString(6, r.actorId());
                    insert.setString(7, r.actorName());
                    insert.setString(8, r.action());
                    insert.setString(9, r.targetType());
                    insert.setString(10, r.targetId());
                    insert.setString(11, r.requestId());
                    insert.setString(12, r.traceId());
                    insert.setString(13, r.ip());
                    insert.setString(14, r.userAgent());
                    insert.setString(15, r.changes());
                    insert.setString(16, r.prevHash());
                    insert.setString(17, r.hash());
                    insert.executeUpdate();
                    written.add(r);
                    prev = r.hash();
                }
            }
            connection.commit();
        }
        return written;
    }

    /** A purge anchor (and the archive record it needs) as if events up to {@code upToSeq} had been purged. */
    void anchor(TenantId tenant, long upToSeq, String lastHash) throws SQLException {
        UUID archive = UUID.randomUUID();
        try (Connection connection = databases.asSuperuser();
             PreparedStatement insertArchive = connection.prepareStatement("""
                     INSERT INTO audit_archives (tenant_id, id, from_seq, to_seq, event_count, first_prev_hash,
                                                 last_hash, manifest_sha256, file_count, location)
                     VALUES (?, ?, 1, ?, ?, ?, ?, ?, 1, 'fixture')""");
             PreparedStatement insertAnchor = connection.prepareStatement("""
                     INSERT INTO audit_purge_anchors (tenant_id, up_to_seq, last_hash, archive_id, purged_count)
                     VALUES (?, ?, ?, ?, ?)""")) {
            insertArchive.setObject(1, tenant.value());
            insertArchive.setObject(2, archive);
            insertArchive.setLong(3, upToSeq);
            insertArchive.setLong(4, upToSeq);
            insertArchive.setString(5, AuditChain.GENESIS);
            insertArchive.setString(6, lastHash);
            insertArchive.setString(7, "c".repeat(64));
            insertArchive.executeUpdate();
            insertAnchor.setObject(1, tenant.value());
            insertAnchor.setLong(2, upToSeq);
            insertAnchor.setString(3, lastHash);
            insertAnchor.setObject(4, archive);
            insertAnchor.setLong(5, upToSeq);
            insertAnchor.executeUpdate();
        }
    }

    List<Long> storedSeqs(TenantId tenant) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (Connection connection = databases.asSuperuser();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT seq FROM audit_events WHERE tenant_id = ? ORDER BY seq")) {
            query.setObject(1, tenant.value());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        return seqs;
    }

    List<String> actions(TenantId tenant) throws SQLException {
        List<String> actions = new ArrayList<>();
        try (Connection connection = databases.asSuperuser();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT action FROM audit_events WHERE tenant_id = ? ORDER BY seq")) {
            query.setObject(1, tenant.value());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
        }
        return actions;
    }

    /** An event recorded but not sealed yet, as the app writes it before the sealer runs (ADR 0052). */
    UUID unsealedEvent(TenantId tenant, String action) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = runtimeBoundTo(tenant);
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO audit_events (tenant_id, id, occurred_at, actor_type, actor_name, action, target_type,
                                               changes)
                     VALUES (?, ?, clock_timestamp(), 'SYSTEM', 'Tollgate', ?, 'fixture', '{}')""")) {
            insert.setObject(1, tenant.value());
            insert.setObject(2, id);
            insert.setString(3, action);
            insert.executeUpdate();
        }
        return id;
    }

    /** A runtime-role connection with the tenant bound for the session, as the app would bind it per transaction. */
    Connection runtimeBoundTo(TenantId tenant) throws SQLException {
        Connection connection = databases.asRuntime();
        try (PreparedStatement bind = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
            bind.setString(1, tenant.toString());
            bind.execute();
        }
        return connection;
    }
}
