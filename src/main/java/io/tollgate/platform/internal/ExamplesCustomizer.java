package io.tollgate.platform.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives every {@code /v1} request body and success response that has no hand-written example one built from its
 * schema (ADR 0049): field by field, with values shaped like the wire's (prefixed ids, decimal USD strings, UTC
 * times), so the example always matches the schema it illustrates.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ExamplesCustomizer implements OpenApiCustomizer {

    private static final int MAX_DEPTH = 6;
    private static final String HEX = "01933b2a4c7e7f0a8d2b6c1e5f4a3b2c";
    private static final Map<String, String> ID_PREFIXES = Map.ofEntries(
            Map.entry("organization", "org"), Map.entry("org", "org"), Map.entry("member", "mem"),
            Map.entry("invitation", "inv"), Map.entry("team", "team"), Map.entry("project", "prj"),
            Map.entry("agent", "agt"), Map.entry("budget", "bud"), Map.entry("reservation", "rsv"),
            Map.entry("usage_line", "use"), Map.entry("adjustment", "adj"), Map.entry("dispute", "dsp"),
            Map.entry("override", "prc"), Map.entry("key", "key"), Map.entry("api_key", "key"),
            Map.entry("issuer", "iss"), Map.entry("role", "trl"), Map.entry("event", "aud"),
            Map.entry("verification", "lvr"), Map.entry("user", "usr"), Map.entry("rule", "rul"));

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null
                ? Map.of() : openApi.getComponents().getSchemas();
        openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/v1/")) {
                return;
            }
            for (Operation operation : item.readOperations()) {
                if (operation.getRequestBody() != null) {
                    fill(operation.getRequestBody().getContent(), schemas, idPrefixOf(path));
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().forEach((status, response) -> {
                        if (status.startsWith("2")) {
                            fill(response.getContent(), schemas, idPrefixOf(path));
                        }
                    });
                }
            }
        });
    }

    private static void fill(@Nullable Content content, Map<String, Schema> schemas, @Nullable String ownPrefix) {
        if (content == null) {
            return;
        }
        content.forEach((type, media) -> {
            if (media.getExample() == null && (media.getExamples() == null || media.getExamples().isEmpty())
                    && media.getSchema() != null && type.contains("json")) {
                media.setExample(new Builder(schemas, ownPrefix).value("", media.getSchema(), 0));
            }
        });
    }

    /** The type prefix of the resource a path is about, for its {@code id} field: {@code /v1/budgets/…} → bud. */
    static @Nullable String idPrefixOf(String path) {
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 2; i--) {
            String segment = segments[i];
            if (segment.isEmpty() || segment.startsWith("{") || segment.equals("current") || segment.equals("import")
                    || segment.equals("quote") || segment.equals("export")) {
                continue;
            }
            String singular = segment.replace('-', '_');
            singular = singular.endsWith("ies") ? singular.substring(0, singular.length() - 3) + "y"
                    : singular.endsWith("s") ? singular.substring(0, singular.length() - 1) : singular;
            if (singular.startsWith("audit_")) {
                singular = "event";
            }
            if (singular.equals("price_override")) {
                singular = "override";
            }
            if (singular.equals("trusted_issuer")) {
                singular = "issuer";
            }
            if (singular.equals("ledger") || singular.equals("verification")) {
                singular = "verification";
            }
            if (singular.equals("lease") || singular.equals("usage") || singular.equals("price")) {
                return null;
            }
            return ID_PREFIXES.get(singular);
        }
        return null;
    }

    private record Builder(Map<String, Schema> schemas, @Nullable String ownPrefix) {

        @Nullable Object value(String name, Schema<?> schema, int depth) {
            if (schema.getExample() != null) {
                return schema.getExample();
            }
            if (schema.getExamples() != null && !schema.getExamples().isEmpty()) {
                return schema.getExamples().getFirst();
            }
            if (schema.get$ref() != null) {
                Schema<?> target = schemas.get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
                return target == null || depth > MAX_DEPTH ? Map.of() : value(name, target, depth + 1);
            }
            if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
                return schema.getEnum().getFirst();
            }
            if (schema.getOneOf() != null && !schema.getOneOf().isEmpty()) {
                return value(name, schema.getOneOf().getFirst(), depth + 1);
            }
            if (schema.getAllOf() != null && !schema.getAllOf().isEmpty()) {
                return value(name, schema.getAllOf().getFirst(), depth + 1);
            }
            String type = typeOf(schema);
            return switch (type) {
                case "object" -> object(schema, depth);
                case "array" -> schema.getItems() == null || depth > MAX_DEPTH ? List.of()
                        : List.of(value(singular(name), schema.getItems(), depth + 1));
                case "integer" -> integer(name, schema);
                case "number" -> 1.5;
                case "boolean" -> !name.startsWith("late") && !name.startsWith("takeover");
                case "string" -> text(name, schema);
                default -> null;
            };
        }

        private Map<String, Object> object(Schema<?> schema, int depth) {
            Map<String, Object> result = new LinkedHashMap<>();
            if (schema.getProperties() != null && depth <= MAX_DEPTH) {
                schema.getProperties().forEach((property, propertySchema) -> {
                    Object value = value(property, propertySchema, depth + 1);
                    if (value != null) {
                        result.put(property, value);
                    }
                });
            } else if (schema.getAdditionalProperties() instanceof Schema<?> values && depth <= MAX_DEPTH) {
                result.put("key", value("value", values, depth + 1));
            }
            return result;
        }

        private static Object integer(String name, Schema<?> schema) {
            if (schema.getMinimum() != null && schema.getMinimum().longValue() > 1) {
                return schema.getMinimum().longValue();
            }
            if (name.contains("threshold")) {
                return 80;
            }
            if (name.endsWith("_seconds")) {
                return 600;
            }
            if (name.endsWith("_tokens")) {
                return 1200;
            }
            return 1;
        }

        private String text(String name, Schema<?> schema) {
            if (schema.getPattern() != null && schema.getPattern().matches("\\^?[A-Za-z_]+(\\|[A-Za-z_]+)*\\$?")) {
                return schema.getPattern().replace("^", "").replace("$", "").split("\\|")[0];
            }
            String format = schema.getFormat() == null ? "" : schema.getFormat();
            switch (format) {
                case "date-time":
                    return "2026-12-01T10:00:00Z";
                case "date":
                    return "2026-12-01";
                case "uri":
                    return "https://example.com/";
                case "email":
                    return "ada@example.com";
                default:
                    break;
            }
            if (name.equals("id")) {
                return ownPrefix == null ? HEX : ownPrefix + "_" + HEX;
            }
            if (name.equals("scope_id")) {
                return "team_" + HEX;
            }
            if (name.endsWith("_id") || name.endsWith("_by")) {
                String subject = name.substring(0, name.lastIndexOf('_'));
                String prefix = name.endsWith("_by") ? "usr" : ID_PREFIXES.get(subject);
                if (prefix != null) {
                    return prefix + "_" + HEX;
                }
            }
            if (name.endsWith("_usd")) {
                return "12.50";
            }
            if (name.endsWith("_at") || name.equals("from") || name.equals("to")) {
                return "2026-12-01T10:00:00Z";
            }
            return switch (name) {
                case "email" -> "ada@example.com";
                case "provider" -> "openai";
                case "model" -> "gpt-4o-mini";
                case "name", "display_name" -> "Nightly evals";
                case "time_zone" -> "Europe/Berlin";
                case "next_cursor", "cursor" -> (ownPrefix == null ? "" : ownPrefix + "_") + HEX;
                case "reason", "note", "description", "resolution", "detail", "message" -> "Provider refunded a"
                        + " failed batch";
                case "state", "status" -> "active";
                case "period" -> "monthly";
                case "scope_type" -> "team";
                default -> "text";
            };
        }

        private static String typeOf(Schema<?> schema) {
            if (schema.getType() != null) {
                return schema.getType();
            }
            Set<String> types = schema.getTypes();
            if (types != null) {
                for (String type : types) {
                    if (!"null".equals(type)) {
                        return type;
                    }
                }
            }
            return schema.getProperties() != null ? "object" : "";
        }

        private static String singular(String name) {
            return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
        }
    }
}
