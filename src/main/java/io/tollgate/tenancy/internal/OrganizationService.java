package io.tollgate.tenancy.internal;

import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.OrganizationRenamed;
import io.tollgate.tenancy.internal.Views.OrganizationView;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The current organisation's own settings. */
@Service
public class OrganizationService {

    private final TenantRepository tenants;
    private final ApplicationEventPublisher events;

    OrganizationService(TenantRepository tenants, ApplicationEventPublisher events) {
        this.tenants = tenants;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public OrganizationView current() {
        return toView(load(TenantScope.requireTenant()));
    }

    /**
     * Renames the organisation and sets its time zone. With an expected version (from an ETag or a form), a
     * concurrent change in between is refused instead of overwritten.
     */
    @Transactional
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public OrganizationView update(String name, String timeZone, @Nullable Long expectedVersion) {
        TenantId tenantId = TenantScope.requireTenant();
        Tenant tenant = load(tenantId);
        if (expectedVersion != null && expectedVersion != tenant.version()) {
            throw new PreconditionFailedException("The organisation was changed by someone else. Reload and retry.");
        }
        String oldName = tenant.name();
        String oldZone = tenant.timeZone();
        tenant.rename(name.strip(), timeZone);
        tenants.flush();
        UserId by = TenantScope.currentUser().orElse(null);
        events.publishEvent(new OrganizationRenamed(tenantId, by, oldName, tenant.name(), oldZone, timeZone));
        return toView(tenant);
    }

    private Tenant load(TenantId id) {
        return tenants.findById(id.value()).orElseThrow(() -> NotFoundException.of("organisation"));
    }

    static OrganizationView toView(Tenant tenant) {
        return new OrganizationView(tenant.id(), tenant.slug(), tenant.name(), tenant.timeZone(), tenant.createdAt(),
                tenant.version());
    }
}
