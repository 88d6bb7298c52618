package io.tollgate.tenancy.internal;

import java.util.Locale;
import java.util.Optional;

import io.tollgate.platform.Ids;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.MemberProvisioned;
import io.tollgate.tenancy.Role;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Members made by single sign-on rather than by invitation: an account without a local password (or the existing
 * account with that e-mail) and a membership with the given role, inside the tenant whose IdP vouched for them.
 */
@Service
public class MemberProvisioning {

    /** The person and the role they hold in the tenant; {@code provisioned} when the membership is new. */
    public record Member(UserId user, String email, String displayName, Role role, boolean provisioned) {
    }

    private final UserAccountRepository users;
    private final MembershipRepository memberships;
    private final TenantTransactions transactions;
    private final ApplicationEventPublisher events;

    MemberProvisioning(UserAccountRepository users, MembershipRepository memberships,
                       TenantTransactions transactions, ApplicationEventPublisher events) {
        this.users = users;
        this.memberships = memberships;
        this.transactions = transactions;
        this.events = events;
    }

    /** The member with this e-mail in the tenant, if there is one. */
    public Optional<Member> existing(TenantId tenant, String email) {
        return transactions.inScope(TenantScope.Binding.tenant(tenant), () -> users.findByEmail(normalise(email))
                .flatMap(user -> memberships.findByUserId(user.id()).map(membership -> new Member(
                        new UserId(user.id()), user.email(), user.displayName(), membership.role(), false))));
    }

    /**
     * Makes the person a member with {@code role} unless they already are (then their current role stands); the
     * new membership is audited with the issuer that vouched for them. Two first sign-ins racing each other end
     * with one membership: the loser reads the winner's.
     */
    public Member provision(TenantId tenant, String email, String displayName, Role role, String issuer) {
        if (role == Role.OWNER) {
            throw new IllegalArgumentException("single sign-on never makes an owner");
        }
        try {
            return transactions.inScope(TenantScope.Binding.tenant(tenant), () -> create(tenant, email, displayName,
                    role, issuer));
        } catch (DataIntegrityViolationException raced) {
            return existing(tenant, email).orElseThrow(() -> raced);
        }
    }

    private Member create(TenantId tenant, String email, String displayName, Role role, String issuer) {
        String normalised = normalise(email);
        UserAccount account = users.findByEmail(normalised).orElseGet(() -> users.saveAndFlush(
                new UserAccount(Ids.newUuid(), normalised, displayName, null)));
        Optional<Membership> current = memberships.findByUserId(account.id());
        if (current.isPresent()) {
            return new Member(new UserId(account.id()), account.email(), account.displayName(),
                    current.get().role(), false);
        }
        Membership membership = memberships.saveAndFlush(new Membership(Ids.newUuid(), account.id(), role));
        UserId user = new UserId(account.id());
        events.publishEvent(new MemberProvisioned(tenant, membership.id(), user, account.email(),
                account.displayName(), role, issuer));
        return new Member(user, account.email(), account.displayName(), role, true);
    }

    private static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
