package io.tollgate.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import io.tollgate.audit.AuditQuery;
import io.tollgate.audit.AuditRecord;
import io.tollgate.platform.TransactionWrites;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** SQL over audit_events for writers and readers. Always inside a tenant-bound transaction; RLS scopes it. */
@Repository
class AuditStore {

    /** Where the stored chain begins after a purge: events up to {@code upToSeq} are archived and gone. */
    record PurgeAnchor(long upToSeq, String lastHash) {
    }

    /** Events recorded but not sealed yet, and when the oldest of them was recorded. */
    record Pending(long count, @Nullable Instant oldest) {
    }

    /** An event with its recording position, the cursor of listings. */
    record Listed(long position, AuditRecord record) {
    }

    static final String COLUMNS = "tenant_id, id, seq, occurred_at, actor_type, actor_id, actor_name, action,"
            + " target_type, target_id, request_id, trace_id, ip, user_agent, changes, prev_hash, hash";

    private static final RowMapper<AuditRecord> ROW = AuditStore::map;

    private final JdbcTemplate jdbc;
    private final TransactionWrites writes;

    AuditStore(JdbcTemplate jdbc, TransactionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /** Reads see every event their transaction recorded: queued inserts go out first. */
    private JdbcTemplate reads() {
        writes.flush();
        return jdbc;
    }

    /**
     * Records an event unsealed: no lock, no read of the chain head, one statement. The database clock dates it;
     * the sealer gives it its seq and hash after commit (ADR 0052).
     */
    void insertUnsealed(UUID tenantId, UUID id, String actorType, @Nullable String actorId, String actorName,
                        String action, String targetType, @Nullable String targetId, @Nullable String requestId,
                        @Nullable String traceId, @Nullable String ip, @Nullable String userAgent, String changes) {
        writes.defer("INSERT INTO audit_events (tenant_id, id, occurred_at, actor_type, actor_id, actor_name, action,"
                        + " target_type, target_id, request_id, trace_id, ip, user_agent, changes)"
                        + " VALUES (?, ?, date_trunc('microseconds', clock_timestamp()), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tenantId, id, actorType, actorId, actorName, action, targetType, targetId, requestId, traceId, ip,
                userAgent, changes);
    }

    Pending pending() {
        return reads().queryForObject("SELECT count(*), min(occurred_at) FROM audit_events WHERE seq IS NULL",
                (rs, n) -> new Pending(rs.getLong(1),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()));
    }

    Optional<AuditRecord> find(UUID id) {
        return reads().query("SELECT " + COLUMNS + " FROM audit_events WHERE id = ?", ROW, id).stream().findFirst();
    }

    /**
     * Newest recorded first, before the cursor's position, with every filter of the query applied in SQL. Sealed
     * and pending events alike: the recording position exists from the insert on, a seq only once sealed.
     */
    List<Listed> page(AuditQuery query, @Nullable Long beforePosition, int limit) {
        StringBuilder sql = new StringBuilder("SELECT recorded_order, " + COLUMNS + " FROM audit_events WHERE true");
        List<Object> args = new ArrayList<>();
        where(query, sql, args);
        if (beforePosition != null) {
            sql.append(" AND recorded_order < ?");
            args.add(beforePosition);
        }
        sql.append(" ORDER BY recorded_order DESC LIMIT ?");
        args.add(limit);
        return reads().query(sql.toString(), (rs, n) -> new Listed(rs.getLong("recorded_order"), map(rs, n)),
                args.toArray());
    }

    /** Every matching event, oldest first, streamed (exports can be large). */
    void forEach(AuditQuery query, Consumer<AuditRecord> consumer) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE true");
        List<Object> args = new ArrayList<>();
        where(query, sql, args);
        sql.append(" ORDER BY recorded_order");
        reads().query(sql.toString(), rs -> {
            consumer.accept(map(rs, 0));
        }, args.toArray());
    }

    /** The whole sealed chain in order, streamed, for verification. */
    void forEachInChain(Consumer<AuditRecord> consumer) {
        reads().query("SELECT " + COLUMNS + " FROM audit_events WHERE seq IS NOT NULL ORDER BY seq", rs -> {
            consumer.accept(map(rs, 0));
        });
    }

    /** The latest purge anchor of the bound tenant, if its chain was ever purged. */
    Optional<PurgeAnchor> latestPurgeAnchor() {
        return reads().query("SELECT up_to_seq, last_hash FROM audit_purge_anchors ORDER BY up_to_seq DESC LIMIT 1",
                (rs, n) -> new PurgeAnchor(rs.getLong(1), rs.getString(2))).stream().findFirst();
    }

    private static void where(AuditQuery query, StringBuilder sql, List<Object> args) {
        if (query.actor() != null) {
            sql.append(" AND (actor_id = ? OR actor_name ILIKE ?)");
            args.add(query.actor());
            args.add("%" + like(query.actor()) + "%");
        }
        if (query.action() != null) {
            String action = query.action();
            boolean prefix = action.endsWith(".") || action.endsWith("*");
            sql.append(prefix ? " AND action LIKE ?" : " AND action = ?");
            args.add(prefix ? like(action.replaceAll("\\*$", "")) + "%" : action);
        }
        if (query.targetType() != null) {
            sql.append(" AND target_type = ?");
            args.add(query.targetType());
        }
        if (query.targetId() != null) {
            sql.append(" AND target_id = ?");
            args.add(query.targetId());
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(Timestamp.from(query.to()));
        }
        if (query.text() != null) {
            sql.append(" AND (action ILIKE ? OR actor_name ILIKE ? OR target_id ILIKE ? OR changes ILIKE ?)");
            String pattern = "%" + like(query.text()) + "%";
            args.add(pattern);
            args.add(pattern);
            args.add(pattern);
            args.add(pattern);
        }
    }

    private static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static AuditRecord map(ResultSet rs, int row) throws SQLException {
        return new AuditRecord(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
                rs.getObject("seq", Long.class), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_type"),
                rs.getString("actor_id"), rs.getString("actor_name"), rs.getString("action"),
                rs.getString("target_type"), rs.getString("target_id"), rs.getString("request_id"),
                rs.getString("trace_id"), rs.getString("ip"), rs.getString("user_agent"), rs.getString("changes"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
