package io.tollgate.platform.internal;

import java.util.UUID;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * Hibernate's {@code @TenantId} guard, the second line behind row-level security: with no tenant bound it
 * resolves to the nil UUID, which matches no row.
 */
class CurrentTenantResolver implements CurrentTenantIdentifierResolver<UUID> {

    static final UUID NO_TENANT = new UUID(0, 0);

    @Override
    public UUID resolveCurrentTenantIdentifier() {
        return TenantScope.currentTenant().map(TenantId::value).orElse(NO_TENANT);
    }

    @Override
    public boolean validateExistingCurrentSessions() {
        return false;
    }
}
