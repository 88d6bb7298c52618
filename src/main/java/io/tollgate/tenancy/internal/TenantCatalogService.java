package io.tollgate.tenancy.internal;

import java.util.List;

import io.tollgate.platform.TenantCatalog;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import org.springframework.stereotype.Service;

@Service
class TenantCatalogService implements TenantCatalog {

    private final TenantRepository tenants;
    private final TenantTransactions transactions;

    TenantCatalogService(TenantRepository tenants, TenantTransactions transactions) {
        this.tenants = tenants;
        this.transactions = transactions;
    }

    @Override
    public List<TenantId> activeTenants() {
        return transactions.inScope(new TenantScope.Binding(null, null), () -> tenants.findAll().stream()
                .filter(tenant -> tenant.status() == Tenant.Status.ACTIVE)
                .map(tenant -> new TenantId(tenant.id()))
                .toList());
    }
}
