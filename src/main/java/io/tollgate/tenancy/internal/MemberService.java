package io.tollgate.tenancy.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tollgate.platform.ConflictException;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.MemberRemoved;
import io.tollgate.tenancy.MemberRoleChanged;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.Views.MemberView;
import io.tollgate.tenancy.internal.Views.Page;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The members of the current tenant. */
@Service
public class MemberService {

    private final MembershipRepository memberships;
    private final UserAccountRepository users;
    private final ApplicationEventPublisher events;

    MemberService(MembershipRepository memberships, UserAccountRepository users, ApplicationEventPublisher events) {
        this.memberships = memberships;
        this.users = users;
        this.events = events;
    }

    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')")
    @Transactional(readOnly = true)
    public Page<MemberView> list(Cursor cursor, int limit) {
        List<Membership> page = memberships.findByIdGreaterThanOrderById(cursor.afterAscending(), Limit.of(limit + 1));
        List<Membership> shown = page.subList(0, Math.min(limit, page.size()));
        Map<UUID, UserAccount> accounts = users.findAllById(shown.stream().map(Membership::userId).toList()).stream()
                .collect(Collectors.toMap(UserAccount::id, Function.identity()));
        List<MemberView> items = shown.stream().map(m -> toView(m, accounts.get(m.userId()))).toList();
        String next = page.size() > limit ? Cursor.after(shown.getLast().id()) : null;
        return new Page<>(items, next);
    }

    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')")
    @Transactional(readOnly = true)
    public MemberView get(UUID id) {
        Membership membership = memberships.findById(id).orElseThrow(() -> NotFoundException.of("member"));
        UserAccount account = users.findById(membership.userId()).orElseThrow(() -> NotFoundException.of("member"));
        return toView(membership, account);
    }

    @Transactional(readOnly = true)
    public long count() {
        return memberships.count();
    }

    /**
     * Changes a member's role. Owners and admins may do it; only an owner may grant or take away OWNER, and the
     * organisation always keeps at least one owner.
     */
    @Transactional
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public MemberView changeRole(UUID id, Role role) {
        Membership membership = memberships.findById(id).orElseThrow(() -> NotFoundException.of("member"));
        Role before = membership.role();
        if (before == role) {
            return get(id);
        }
        requireOwnerForOwnership(before, role);
        requireAnotherOwner(before, "demote");
        membership.changeRole(role);
        memberships.flush();
        MemberView view = get(id);
        events.publishEvent(new MemberRoleChanged(TenantScope.requireTenant(), id, view.email(), before, role));
        return view;
    }

    /** Removes a member from this organisation; their account and other memberships stay. */
    @Transactional
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public MemberView remove(UUID id) {
        MemberView view = get(id);
        requireOwnerForOwnership(view.role(), null);
        requireAnotherOwner(view.role(), "remove");
        memberships.deleteById(id);
        memberships.flush();
        events.publishEvent(new MemberRemoved(TenantScope.requireTenant(), id, view.email(), view.role()));
        return view;
    }

    private void requireOwnerForOwnership(Role before, @Nullable Role after) {
        boolean touchesOwnership = before == Role.OWNER || after == Role.OWNER;
        if (touchesOwnership && !callerIsOwner()) {
            throw new InvalidInputException("role", "Only an owner can grant or take away the owner role.");
        }
    }

    private void requireAnotherOwner(Role before, String verb) {
        if (before == Role.OWNER && memberships.findByRole(Role.OWNER).size() <= 1) {
            throw new ConflictException("role", "You cannot " + verb + " the last owner. Make someone else an owner first.");
        }
    }

    private boolean callerIsOwner() {
        return TenantScope.currentUser().flatMap(user -> memberships.findByUserId(user.value()))
                .map(m -> m.role() == Role.OWNER).orElse(false);
    }

    private static MemberView toView(Membership membership, UserAccount account) {
        return new MemberView(membership.id(), account.id(), account.email(), account.displayName(),
                membership.role(), membership.createdAt());
    }
}
