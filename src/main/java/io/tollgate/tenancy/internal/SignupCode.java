package io.tollgate.tenancy.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.CurrentTimestamp;
import org.hibernate.annotations.SourceType;
import org.hibernate.generator.EventType;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "signup_codes")
class SignupCode {

    @Id
    private UUID id;

    @Column(name = "code_hash", updatable = false)
    private String codeHash;

    private @Nullable String note;

    @CurrentTimestamp(event = EventType.INSERT, source = SourceType.DB)
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "expires_at", updatable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private @Nullable Instant usedAt;

    @Column(name = "used_by_tenant")
    private @Nullable UUID usedByTenant;

    protected SignupCode() {
    }

    SignupCode(UUID id, String codeHash, @Nullable String note, Instant expiresAt) {
        this.id = id;
        this.codeHash = codeHash;
        this.note = note;
        this.expiresAt = expiresAt;
    }

    boolean usable(Instant now) {
        return usedAt == null && now.isBefore(expiresAt);
    }

    void use(UUID tenant, Instant now) {
        this.usedAt = now;
        this.usedByTenant = tenant;
    }
}
