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
}
