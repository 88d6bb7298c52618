package io.tollgate.platform;

import java.util.List;

/**
 * The tenants cross-tenant jobs iterate, binding each in turn (DESIGN §4). Implemented by the tenancy module, so
 * jobs of other modules need not depend on it.
 */
public interface TenantCatalog {

    List<TenantId> activeTenants();
}
