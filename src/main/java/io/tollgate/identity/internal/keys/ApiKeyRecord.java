package io.tollgate.identity.internal.keys;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiScope;
import io.tollgate.identity.TeamId;
import org.jspecify.annotations.Nullable;

/** One stored API key with its agent's name and team; never the secret, only its hash. */
public record ApiKeyRecord(UUID id, AgentId agent, String agentName, TeamId team, String publicId, String name,
                           String secretHash, Set<ApiScope> scopes, List<String> allowedCidrs,
                           @Nullable Instant expiresAt, Instant createdAt, String createdBy,
                           @Nullable UUID rotatedFrom, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt) {

    public enum Status { ACTIVE, EXPIRED, REVOKED }

    public Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        return expiresAt != null && !expiresAt.isAfter(now) ? Status.EXPIRED : Status.ACTIVE;
    }

    public String displayId() {
        return ApiKeyToken.PREFIX + publicId;
    }
}
