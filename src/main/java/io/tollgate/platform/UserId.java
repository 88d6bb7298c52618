package io.tollgate.platform;

import java.util.UUID;

/** Identifies a person's account; accounts are global, memberships tie them to tenants. */
public record UserId(UUID value) {

    public UserId {
        java.util.Objects.requireNonNull(value, "user id");
    }

    public static UserId of(String value) {
        return new UserId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
