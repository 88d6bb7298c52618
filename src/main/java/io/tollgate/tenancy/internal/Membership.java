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

@Entity
@Table(name = "memberships")
class Membership {

    @TenantId
    @Column(name = "tenant_id", updatable = false)
    private UUID tenantId;

    @Id
    private UUID id;

    @Column(name = "user_id", updatable = false)
    private UUID userId;

    @Enumerated(EnumType.STRING)
    private Role role;

    @CurrentTimestamp(event = EventType.INSERT, source = SourceType.DB)
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Membership() {
    }

    Membership(UUID id, UUID userId, Role role) {
        this.id = id;
        this.userId = userId;
        this.role = role;
    }

    void changeRole(Role role) {
        this.role = role;
    }

    UUID id() { return id; }
    UUID tenantId() { return tenantId; }
    UUID userId() { return userId; }
    Role role() { return role; }
    Instant createdAt() { return createdAt; }
}
