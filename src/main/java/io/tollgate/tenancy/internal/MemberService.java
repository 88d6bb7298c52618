package io.tollgate.tenancy.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tollgate.platform.NotFoundException;
import io.tollgate.tenancy.internal.Views.MemberView;
import io.tollgate.tenancy.internal.Views.Page;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The members of the current tenant. */
@Service
public class MemberService {

    private final MembershipRepository memberships;
    private final UserAccountRepository users;

    MemberService(MembershipRepository memberships, UserAccountRepository users) {
        this.memberships = memberships;
        this.users = users;
    }

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

    private static MemberView toView(Membership membership, UserAccount account) {
        return new MemberView(membership.id(), account.id(), account.email(), account.displayName(),
                membership.role(), membership.createdAt());
    }
}
