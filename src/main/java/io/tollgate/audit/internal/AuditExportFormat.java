package io.tollgate.audit.internal;

import java.util.Map;
import java.util.TreeMap;

import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditRecord;
import org.jspecify.annotations.Nullable;

/**
 * Export lines. JSON Lines carry every stored field including both hashes, so an export (and an archive) can be
 * verified offline; CSV is for spreadsheets and quotes every field.
 */
final class AuditExportFormat {

    static final String CSV_HEADER = "seq,occurred_at,actor_type,actor_id,actor_name,action,target_type,target_id,"
            + "request_id,trace_id,ip,user_agent,changes,id,prev_hash,hash\n";

    private AuditExportFormat() {
    }

    static String jsonLine(AuditRecord r) {
        Map<String, @Nullable Object> fields = new TreeMap<>();
        fields.put("tenant_id", r.tenantId().toString());
        fields.put("id", r.id().toString());
        fields.put("seq", r.seq());
        fields.put("occurred_at", AuditChain.timestamp(r.occurredAt()));
        fields.put("actor_type", r.actorType());
        fields.put("actor_id", r.actorId());
        fields.put("actor_name", r.actorName());
        fields.put("action", r.action());
        fields.put("target_type", r.targetType());
        fields.put("target_id", r.targetId());
        fields.put("request_id", r.requestId());
        fields.put("trace_id", r.traceId());
        fields.put("ip", r.ip());
        fields.put("user_agent", r.userAgent());
        fields.put("changes", r.changes());
        fields.put("prev_hash", r.prevHash());
        fields.put("hash", r.hash());
        return AuditChain.json(fields) + "\n";
    }

    static String csvLine(AuditRecord r) {
        return String.join(",", csv(String.valueOf(r.seq())), csv(AuditChain.timestamp(r.occurredAt())),
                csv(r.actorType()), csv(r.actorId()), csv(r.actorName()), csv(r.action()), csv(r.targetType()),
                csv(r.targetId()), csv(r.requestId()), csv(r.traceId()), csv(r.ip()), csv(r.userAgent()),
                csv(r.changes()), csv(r.id().toString()), csv(r.prevHash()), csv(r.hash())) + "\n";
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so spreadsheets do not execute it. */
    private static String csv(@Nullable String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
