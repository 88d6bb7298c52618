package io.tollgate.tenancy.internal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.CurrentTimestamp;
import org.hibernate.generator.EventType;
import org.hibernate.annotations.SourceType;

@Entity
@Table(name = "tenants")
class Tenant {

    enum Status { ACTIVE, SUSPENDED }

    @Id
    private UUID id;

    private String slug;

    private String name;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Status status;

    @Column(name = "time_zone")
    private String timeZone;

    @CurrentTimestamp(event = EventType.INSERT, source = SourceType.DB)
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Tenant() {
    }

    Tenant(UUID id, String slug, String name, String timeZone) {
        this.id = id;
        this.slug = slug;
        this.name = name;
        this.timeZone = timeZone;
        this.status = Status.ACTIVE;
    }

    void rename(String name, String timeZone) {
        this.name = name;
        this.timeZone = timeZone;
    }

    UUID id() { return id; }
    String slug() { return slug; }
    String name() { return name; }
    Status status() { return status; }
    String timeZone() { return timeZone; }
    Instant createdAt() { return createdAt; }
    long version() { return version; }
}
