package io.tollgate.tenancy.internal;

import java.util.List;
import java.util.Optional;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.Views.TenantChoice;
import org.springframework.stereotype.Service;

/** Which tenants a person belongs to, and with which role. */
@Service
public class MembershipDirectory {

    private final MembershipRepository memberships;
    private final TenantTransactions transactions;

    MembershipDirectory(MembershipRepository memberships, TenantTransactions transactions) {
        this.memberships = memberships;
        this.transactions = transactions;
    }

    public List<TenantChoice> tenantsOf(UserId user) {
        return transactions.inScope(TenantScope.Binding.user(user), () -> memberships.findAllTenantsOf(user.value())
                .stream()
                .map(view -> new TenantChoice(view.getTenantId(), view.getTenantName(), view.getTenantSlug(),
                        Role.valueOf(view.getRole())))
                .toList());
    }

    public Optional<Role> roleIn(TenantId tenant, UserId user) {
        return transactions.inScope(new TenantScope.Binding(tenant, user),
                () -> memberships.findByUserId(user.value()).map(Membership::role));
    }
}
