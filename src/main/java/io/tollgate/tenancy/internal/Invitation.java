package io.tollgate.tenancy.internal;

import java.time.Instant;
import java.util.UUID;

import io.tollgate.tenancy.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.CurrentTimestamp;
import org.hibernate.annotations.SourceType;
import org.hibernate.annotations.TenantId;
import org.hibernate.generator.EventType;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "invitations")
class Invitation {

    enum State { OPEN, ACCEPTED, REVOKED, EXPIRED }

    @TenantId
    @Column(name = "tenant_id", updatable = false)
    private UUID tenantId;

    @Id
    private UUID id;

    private String email;

    @Enumerated(EnumType.STRING)
    private Role role;

    @Column(name = "token_hash", updatable = false)
    private String tokenHash;

    @Column(name = "invited_by", updatable = false)
    private @Nullable UUID invitedBy;

    @CurrentTimestamp(event = EventType.INSERT, source = SourceType.DB)
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "expires_at", updatable = false)
    private Instant expiresAt;

    @Column(name = "accepted_at")
    private @Nullable Instant acceptedAt;

    @Column(name = "revoked_at")
    private @Nullable Instant revokedAt;

    @Version
    private long version;

    protected Invitation() {
    }

    Invitation(UUID id, String email, Role role, String tokenHash, @Nullable UUID invitedBy, Instant expiresAt) {
        this.id = id;
        this.email = email;
        this.role = role;
        this.tokenHash = tokenHash;
        this.invitedBy = invitedBy;
        this.expiresAt = expiresAt;
    }

    State state(Instant now) {
        if (acceptedAt != null) {
            return State.ACCEPTED;
        }
        if (revokedAt != null) {
            return State.REVOKED;
        }
        return now.isBefore(expiresAt) ? State.OPEN : State.EXPIRED;
    }

    void accept(Instant now) {
        this.acceptedAt = now;
    }

    void revoke(Instant now) {
        this.revokedAt = now;
    }

    UUID id() { return id; }
    UUID tenantId() { return tenantId; }
    String email() { return email; }
    Role role() { return role; }
    @Nullable UUID invitedBy() { return invitedBy; }
    Instant createdAt() { return createdAt; }
    Instant expiresAt() { return expiresAt; }
    @Nullable Instant acceptedAt() { return acceptedAt; }
    @Nullable Instant revokedAt() { return revokedAt; }
}
