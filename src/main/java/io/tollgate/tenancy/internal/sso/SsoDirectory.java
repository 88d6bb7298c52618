package io.tollgate.tenancy.internal.sso;

import java.util.Locale;
import java.util.Optional;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import org.springframework.stereotype.Component;

/**
 * Reads SSO configurations where no person's tenant is bound yet (the sign-in page, the IdP callback): each read
 * binds exactly the tenant it is about, and the domain route is read with no tenant bound (route_lookup).
 */
@Component
class SsoDirectory {

    private final SsoConfigurationStore store;
    private final TenantTransactions transactions;

    SsoDirectory(SsoConfigurationStore store, TenantTransactions transactions) {
        this.store = store;
        this.transactions = transactions;
    }

    Optional<SsoConfiguration> forTenant(TenantId tenant) {
        return transactions.asTenant(tenant, store::current);
    }

    /** The configuration that claims this e-mail's domain, if any (enabled or not). */
    Optional<SsoConfiguration> forEmail(String email) {
        return domainOf(email).flatMap(domain -> transactions.inScope(new TenantScope.Binding(null, null),
                () -> store.tenantOfDomain(domain))).flatMap(this::forTenant);
    }

    static Optional<String> domainOf(String email) {
        int at = email.lastIndexOf('@');
        if (at < 1 || at == email.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(email.substring(at + 1).trim().toLowerCase(Locale.ROOT));
    }
}
