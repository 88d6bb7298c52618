package io.tollgate.platform;

import java.util.UUID;

/** Identifies a tenant (an organisation). */
public record TenantId(UUID value) {

    public TenantId {
        java.util.Objects.requireNonNull(value, "tenant id");
    }

    public static TenantId of(String value) {
        return new TenantId(UUID.fromString(value));
    }

    public static TenantId newId() {
        return new TenantId(Ids.newUuid());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
