package io.tollgate.identity;

import java.util.Objects;
import java.util.UUID;

/** Identifies a agent inside its tenant. */
public record AgentId(UUID value) {

    public AgentId {
        Objects.requireNonNull(value, "agent id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
