package io.tollgate.platform;

import org.jspecify.annotations.Nullable;

/** Who acts in a unit of work, as the audit trail names them. */
public record Actor(Type type, @Nullable String id, String displayName) {

    public enum Type { USER, AGENT, API_KEY, SYSTEM, OPERATOR, WEBHOOK, ANONYMOUS }

    public static final Actor SYSTEM = new Actor(Type.SYSTEM, null, "Tollgate");
    public static final Actor OPERATOR = new Actor(Type.OPERATOR, null, "Operator");

    public static Actor user(UserId user, String displayName) {
        return new Actor(Type.USER, user.toString(), displayName);
    }

    /**
     * How the API names this actor in fields such as {@code created_by}: a person's account as {@code usr_…}, an
     * agent as {@code agt_…} (ADR 0050), anyone else by their type ({@code system}, {@code operator}).
     */
    public String reference() {
        if (id != null && (type == Type.USER || type == Type.AGENT)) {
            try {
                return PrefixedId.format(type == Type.USER ? "usr" : "agt", java.util.UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                return id;
            }
        }
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
