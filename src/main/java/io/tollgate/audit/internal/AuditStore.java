package io.tollgate.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import io.tollgate.audit.AuditQuery;
import io.tollgate.audit.AuditRecord;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** SQL over audit_events. Always runs inside a tenant-bound transaction; RLS scopes every statement. */
@Repository
class AuditStore {

    record ChainHead(long seq, String hash) {
    }

    /** Where the stored chain begins after a purge: events up to {@code upToSeq} are archived and gone. */
    record PurgeAnchor(long upToSeq, String lastHash) {
    }

    private static final String COLUMNS = "tenant_id, id, seq, occurred_at, actor_type, actor_id, actor_name, action,"
            + " target_type, target_id, request_id, trace_id, ip, user_agent, changes, prev_hash, hash";

    private static final RowMapper<AuditRecord> ROW = AuditStore::map;

    private final JdbcTemplate jdbc;

    AuditStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises writers of one tenant's chain until the transaction ends and returns the database clock, read
     * after the lock so that chain order and time order agree.
     */
    Timestamp lockChain(TenantId tenant) {
        return jdbc.queryForObject("SELECT clock_timestamp() FROM (SELECT pg_advisory_xact_lock("
                + "hashtextextended('tollgate.audit:' || ?, 0))) AS locked", Timestamp.class, tenant.toString());
    }

    Optional<ChainHead> head() {
        return jdbc.query("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
                (rs, n) -> new ChainHead(rs.getLong(1), rs.getString(2))).stream().findFirst();
    }

    void insert(AuditRecord r) {
        jdbc.update("INSERT INTO audit_events (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                r.tenantId(), r.id(), r.seq(), Timestamp.from(r.occurredAt()), r.actorType(), r.actorId(),
                r.actorName(), r.action(), r.targetType(), r.targetId(), r.requestId(), r.traceId(), r.ip(),
                r.userAgent(), r.changes(), r.prevHash(), r.hash());
    }

    Optional<AuditRecord> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_events WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** Newest first, after the cursor's seq, with every filter of the query applied in SQL. */
    List<AuditRecord> page(AuditQuery query, @Nullable Long beforeSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE true");
        List<Object> args = new ArrayList<>();
        where(query, sql, args);
        if (beforeSeq != null) {
            sql.append(" AND seq < ?");
            args.add(beforeSeq);
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /** Every matching event, oldest first, streamed (exports can be large). */
    void forEach(AuditQuery query, Consumer<AuditRecord> consumer) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE true");
        List<Object> args = new ArrayList<>();
        where(query, sql, args);
        sql.append(" ORDER BY seq");
        jdbc.query(sql.toString(), rs -> {
            consumer.accept(map(rs, 0));
        }, args.toArray());
    }

    /** The whole chain in order, streamed, for verification. */
    void forEachInChain(Consumer<AuditRecord> consumer) {
        jdbc.query("SELECT " + COLUMNS + " FROM audit_events ORDER BY seq", rs -> {
            consumer.accept(map(rs, 0));
        });
    }

    /** The latest purge anchor of the bound tenant, if its chain was ever purged. */
    Optional<PurgeAnchor> latestPurgeAnchor() {
        return jdbc.query("SELECT up_to_seq, last_hash FROM audit_purge_anchors ORDER BY up_to_seq DESC LIMIT 1",
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

    private static AuditRecord map(ResultSet rs, int row) throws SQLException {
        return new AuditRecord(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
                rs.getLong("seq"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_type"),
                rs.getString("actor_id"), rs.getString("actor_name"), rs.getString("action"),
                rs.getString("target_type"), rs.getString("target_id"), rs.getString("request_id"),
                rs.getString("trace_id"), rs.getString("ip"), rs.getString("user_agent"), rs.getString("changes"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
