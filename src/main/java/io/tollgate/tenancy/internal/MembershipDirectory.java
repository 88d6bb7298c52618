package io.tollgate.tenancy.internal;

import java.util.List;
import java.util.Optional;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.MemberLookup;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.Views.TenantChoice;
import org.springframework.stereotype.Service;

/** Which tenants a person belongs to, and with which role. */
@Service
public class MembershipDirectory implements MemberLookup {

    private final MembershipRepository memberships;
    private final TenantTransactions transactions;

    private final UserAccountRepository users;

    MembershipDirectory(MembershipRepository memberships, UserAccountRepository users,
                        TenantTransactions transactions) {
        this.memberships = memberships;
        this.users = users;
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

    @Override
    public Optional<MemberIdentity> byEmail(TenantId tenant, String email) {
        return users.findByEmail(MemberIdentity.normalise(email)).flatMap(user -> roleIn(tenant, new UserId(user.id()))
                .map(role -> new MemberIdentity(new UserId(user.id()), user.email(), user.displayName(), role)));
    }

    @Override
    public Optional<Role> roleOf(TenantId tenant, UserId user) {
        return roleIn(tenant, user);
    }

    @Override
    public Optional<MemberIdentity> byUser(TenantId tenant, UserId user) {
        return transactions.inScope(TenantScope.Binding.tenant(tenant), () -> memberships.findByUserId(user.value())
                .flatMap(membership -> users.findById(user.value()).map(account -> new MemberIdentity(user,
                        account.email(), account.displayName(), membership.role()))));
    }

    @Override
    public Optional<MemberIdentity> byMembership(TenantId tenant, java.util.UUID membershipId) {
        return transactions.inScope(TenantScope.Binding.tenant(tenant), () -> memberships.findById(membershipId)
                .flatMap(membership -> users.findById(membership.userId()).map(user -> new MemberIdentity(
                        new UserId(user.id()), user.email(), user.displayName(), membership.role()))));
    }
}
