package io.tollgate.identity;

import java.util.Objects;
import java.util.UUID;

/** Identifies a project inside its tenant. */
public record ProjectId(UUID value) {

    public ProjectId {
        Objects.requireNonNull(value, "project id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
