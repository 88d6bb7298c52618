package io.tollgate.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The chain's arithmetic, shared by the writer, the verifier and the offline archive verifier:
 * {@code hash = SHA-256(prev_hash ‖ "\n" ‖ canonical form)}, where the canonical form is a compact JSON object with
 * keys in code-point order, strings escaped as below, and {@code occurred_at} in UTC with microseconds.
 */
public final class AuditChain {

    /** The {@code prev_hash} of a tenant's first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditChain() {
    }

    /** The hash of an event placed in the chain (its {@code seq} and {@code prevHash} set). */
    public static String hash(AuditRecord record) {
        if (record.seq() == null || record.prevHash() == null) {
            throw new IllegalArgumentException("event " + record.id() + " has no place in the chain yet");
        }
        return hash(record.prevHash(), canonicalForm(record));
    }

    public static String hash(String prevHash, String canonicalForm) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) '\n');
            return HexFormat.of().formatHex(digest.digest(canonicalForm.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public static String canonicalForm(AuditRecord r) {
        Map<String, @Nullable Object> fields = new TreeMap<>();
        fields.put("action", r.action());
        fields.put("actor_id", r.actorId());
        fields.put("actor_name", r.actorName());
        fields.put("actor_type", r.actorType());
        fields.put("changes", r.changes());
        fields.put("id", r.id().toString());
        fields.put("ip", r.ip());
        fields.put("occurred_at", timestamp(r.occurredAt()));
        fields.put("request_id", r.requestId());
        fields.put("seq", r.seq());
        fields.put("target_id", r.targetId());
        fields.put("target_type", r.targetType());
        fields.put("tenant_id", r.tenantId().toString());
        fields.put("trace_id", r.traceId());
        fields.put("user_agent", r.userAgent());
        return json(fields);
    }

    /** Database timestamps have microseconds; the chain uses exactly those. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String timestamp(Instant instant) {
        return MICROS.format(truncate(instant));
    }

    /** Compact JSON of a sorted map of strings, numbers, booleans, nulls and nested sorted maps. */
    public static String json(Map<String, ? extends @Nullable Object> sorted) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ? extends @Nullable Object> entry : new TreeMap<>(sorted).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, entry.getKey());
            out.append(':');
            value(out, entry.getValue());
        }
        return out.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static void value(StringBuilder out, @Nullable Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append(json((Map<String, Object>) map));
        } else {
            quote(out, value.toString());
        }
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
