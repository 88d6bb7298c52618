package io.tollgate.policies.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelVarDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;

/**
 * The CEL variables a condition may use, declared as struct types so that the checker knows every field and its
 * type: {@code request.estimated_usd > "5"} and {@code request.modle} are compile errors with a position. At run
 * time the values are lazy struct views over the {@link io.tollgate.policies.DecisionContext} (ADR 0058).
 * <p>
 * This list is the reference: docs/policies.md and the console's field panel are written from it.
 */
public final class ContextSchema {

    /** What reading a field costs the decision path. */
    public enum Cost {
        /** Already loaded by the ledger for every decision. */
        FREE,
        /** Needs database reads; loaded only when a published rule references {@code history}. */
        DATABASE
    }

    /** One field of the context, as the reference documents it. */
    public record Field(String variable, String name, String type, String description, Cost cost) {

        public String path() {
            return variable + "." + name;
        }
    }

    /** One top-level variable: its name, its CEL type, and what it is. */
    public record Variable(String name, String type, String description) {
    }

    static final String REQUEST = "request";
    static final String AGENT = "agent";
    static final String PROJECT = "project";
    static final String TEAM = "team";
    static final String TIME = "time";
    static final String BUDGETS = "budgets";
    static final String HISTORY = "history";

    private static final CelType STRING_MAP = MapType.create(SimpleType.STRING, SimpleType.STRING);
    private static final CelType INT_MAP = MapType.create(SimpleType.STRING, SimpleType.INT);

    private static final List<Field> FIELDS = new ArrayList<>();
    private static final Map<String, Map<String, CelType>> STRUCT_FIELDS = new LinkedHashMap<>();

    static {
        struct("tollgate.Request", REQUEST, Cost.FREE,
                field("provider", SimpleType.STRING, "the provider asked for, e.g. \"openai\", \"anthropic\""),
                field("model", SimpleType.STRING, "the model asked for, e.g. \"gpt-4o\", \"claude-opus-4\""),
                field("estimated_usd", SimpleType.DOUBLE, "the priced estimate in USD, e.g. 0.42"),
                field("estimated_nano_usd", SimpleType.INT, "the same estimate in nano-USD (1 USD = 1,000,000,000)"),
                field("tokens", INT_MAP, "estimated tokens per class: \"input\", \"output\", \"cached_input\" …"),
                field("ttl_seconds", SimpleType.INT, "how long the hold is asked for, in seconds"),
                field("tags", STRING_MAP, "the tags sent with the request"));
        for (String party : List.of(AGENT, PROJECT, TEAM)) {
            struct("tollgate.Party", party, Cost.FREE,
                    field("id", SimpleType.STRING, "the " + party + "'s prefixed id"),
                    field("name", SimpleType.STRING, "the " + party + "'s display name"),
                    field("tags", STRING_MAP, "the " + party + "'s tags (labels), key to value"));
        }
        struct("tollgate.Time", TIME, Cost.FREE,
                field("utc", SimpleType.TIMESTAMP, "when the request is decided (a CEL timestamp, UTC)"),
                field("local_hour", SimpleType.INT, "hour of day 0–23 in the organisation's time zone"),
                field("local_weekday", SimpleType.STRING,
                        "day of the week in the organisation's time zone, upper case: \"MONDAY\" … \"SUNDAY\""),
                field("local_date", SimpleType.STRING, "date in the organisation's time zone, \"2026-12-24\""));
        struct("tollgate.BudgetWindow", BUDGETS, Cost.FREE,
                field("scope", SimpleType.STRING, "\"org\", \"team\", \"project\" or \"agent\""),
                field("scope_id", SimpleType.STRING, "prefixed id of the team, project or agent (the org's id for org)"),
                field("period", SimpleType.STRING, "\"day\", \"week\", \"month\" …, as configured on the budget"),
                field("hard", SimpleType.BOOL, "whether the budget blocks (hard) or only reports (soft)"),
                field("limit_usd", SimpleType.DOUBLE, "the window's limit in USD"),
                field("remaining_usd", SimpleType.DOUBLE, "limit minus spent and held, before this request"),
                field("fraction_used", SimpleType.DOUBLE,
                        "spent and held over limit before this request (1.0 when the limit is 0)"),
                field("fraction_after", SimpleType.DOUBLE,
                        "spent, held and this request's estimate over limit (1.0 when the limit is 0)"));
        struct("tollgate.History", HISTORY, Cost.DATABASE,
                field("agent_spent_today_usd", SimpleType.DOUBLE,
                        "what the agent committed and holds since local midnight, in USD"),
                field("agent_spent_period_usd", SimpleType.DOUBLE,
                        "what the agent committed and holds in its budget's current period, in USD"),
                field("requests_last_hour", SimpleType.INT, "reservations the agent asked for in the last hour"),
                field("model_used_before", SimpleType.BOOL,
                        "whether the agent ever had a reservation for this model before"));
    }

    private static final ImmutableMap<String, StructType> TYPES;
    private static final ImmutableMap<String, CelType> VARIABLE_TYPES;

    static {
        var types = ImmutableMap.<String, StructType>builder();
        STRUCT_FIELDS.forEach((name, fields) -> types.put(name, StructType.create(name,
                ImmutableSet.copyOf(fields.keySet()), field -> Optional.ofNullable(fields.get(field)))));
        TYPES = types.buildOrThrow();
        VARIABLE_TYPES = ImmutableMap.<String, CelType>builder()
                .put(REQUEST, TYPES.get("tollgate.Request"))
                .put(AGENT, TYPES.get("tollgate.Party"))
                .put(PROJECT, TYPES.get("tollgate.Party"))
                .put(TEAM, TYPES.get("tollgate.Party"))
                .put(TIME, TYPES.get("tollgate.Time"))
                .put(BUDGETS, ListType.create(TYPES.get("tollgate.BudgetWindow")))
                .put(HISTORY, TYPES.get("tollgate.History"))
                .buildOrThrow();
    }

    private static final List<Variable> VARIABLES = List.of(
            new Variable(REQUEST, "tollgate.Request", "the spend request being decided"),
            new Variable(AGENT, "tollgate.Party", "the agent asking"),
            new Variable(PROJECT, "tollgate.Party", "the agent's project"),
            new Variable(TEAM, "tollgate.Party", "the project's team"),
            new Variable(TIME, "tollgate.Time", "when the request is decided"),
            new Variable(BUDGETS, "list(tollgate.BudgetWindow)",
                    "every window of the request's budget chain (org, team, project, agent), before this request"),
            new Variable(HISTORY, "tollgate.History", "the agent's recent activity (costs database reads)"));

    private ContextSchema() {
    }

    /** The top-level variables, in the order the reference lists them. */
    public static List<Variable> variables() {
        return VARIABLES;
    }

    /** Every field of every variable, in the order the reference lists them. */
    public static List<Field> fields() {
        return List.copyOf(FIELDS);
    }

    static List<CelVarDecl> declarations() {
        return VARIABLE_TYPES.entrySet().stream()
                .map(e -> CelVarDecl.newVarDeclaration(e.getKey(), e.getValue()))
                .toList();
    }

    static CelTypeProvider typeProvider() {
        return new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() {
                return ImmutableList.copyOf(TYPES.values());
            }

            @Override
            public Optional<CelType> findType(String typeName) {
                return Optional.ofNullable(TYPES.get(typeName));
            }
        };
    }

    static StructType structType(String name) {
        return TYPES.get(name);
    }

    /** The CEL type of {@code variable.field}, if both exist. */
    static Optional<CelType> fieldType(String variable, String field) {
        CelType type = VARIABLE_TYPES.get(variable);
        if (type instanceof ListType list) {
            type = list.elemType();
        }
        return type instanceof StructType struct ? struct.findField(field).map(StructType.Field::type)
                : Optional.empty();
    }

    private record Declared(String name, CelType type, String description) {
    }

    private static Declared field(String name, CelType type, String description) {
        return new Declared(name, type, description);
    }

    private static void struct(String typeName, String variable, Cost cost, Declared... fields) {
        Map<String, CelType> types = STRUCT_FIELDS.computeIfAbsent(typeName, k -> new LinkedHashMap<>());
        for (Declared f : fields) {
            types.put(f.name(), f.type());
            FIELDS.add(new Field(variable, f.name(), typeName(f.type()), f.description(), cost));
        }
    }

    private static String typeName(CelType type) {
        if (type instanceof MapType map) {
            return "map(" + typeName(map.keyType()) + ", " + typeName(map.valueType()) + ")";
        }
        return type == SimpleType.TIMESTAMP ? "timestamp" : type.name();
    }
}
