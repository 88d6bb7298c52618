package io.tollgate.tenancy.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.platform.TokenHasher;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.InvitationAccepted;
import io.tollgate.tenancy.InvitationRevoked;
import io.tollgate.tenancy.MemberInvited;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.Views.InvitationPreview;
import io.tollgate.tenancy.internal.Views.InvitationView;
import io.tollgate.tenancy.internal.Views.IssuedInvitation;
import io.tollgate.tenancy.internal.Views.Page;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations by link: single use, expiring, only the token's peppered hash is stored. There is no mail server
 * yet, so the link is shown to the inviting admin and written to the log.
 */
@Service
public class InvitationService {

    private static final Logger log = LoggerFactory.getLogger(InvitationService.class);
    private static final String INVALID_LINK = "This invitation link is not valid any more. Ask for a new one.";

    /** How the person accepting proves who they are: their existing password, or a new account's details. */
    public record Acceptance(@Nullable String displayName, String password) {
    }

    private final InvitationRepository invitations;
    private final MembershipRepository memberships;
    private final UserAccountRepository users;
    private final TenantRepository tenants;
    private final AccountService accounts;
    private final TenantTransactions transactions;
    private final TokenHasher tokenHasher;
    private final InvitationProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    InvitationService(InvitationRepository invitations, MembershipRepository memberships, UserAccountRepository users,
                      TenantRepository tenants, AccountService accounts, TenantTransactions transactions,
                      TokenHasher tokenHasher, InvitationProperties properties, ApplicationEventPublisher events,
                      Clock clock) {
        this.invitations = invitations;
        this.memberships = memberships;
        this.users = users;
        this.tenants = tenants;
        this.accounts = accounts;
        this.transactions = transactions;
        this.tokenHasher = tokenHasher;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public IssuedInvitation invite(String email, Role role, String baseUrl) {
        TenantId tenant = TenantScope.requireTenant();
        UserId inviter = TenantScope.currentUser().orElseThrow(() -> new AccessDeniedException("no user"));
        Membership inviterMembership = memberships.findByUserId(inviter.value())
                .orElseThrow(() -> new AccessDeniedException("not a member"));
        if (role == Role.OWNER && inviterMembership.role() != Role.OWNER) {
            throw new InvalidInputException("role", "Only an owner can invite another owner.");
        }
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        users.findByEmail(normalized).flatMap(user -> memberships.findByUserId(user.id())).ifPresent(existing -> {
            throw new ConflictException("email", "This person is already a member.");
        });
        IssuedInvitation issued = issue(tenant, normalized, role, inviterMembership.id(), baseUrl);
        events.publishEvent(new MemberInvited(tenant, issued.invitation().id(), normalized, role, inviter));
        return issued;
    }

    /** The owner invitation of a tenant an operator created; runs as that tenant. */
    public IssuedInvitation inviteOwnerOfNewTenant(TenantId tenant, String email, String baseUrl) {
        return transactions.asTenant(tenant, () -> {
            String normalized = email.trim().toLowerCase(Locale.ROOT);
            IssuedInvitation issued = issue(tenant, normalized, Role.OWNER, null, baseUrl);
            events.publishEvent(new MemberInvited(tenant, issued.invitation().id(), normalized, Role.OWNER, null));
            return issued;
        });
    }

    private IssuedInvitation issue(TenantId tenant, String email, Role role, @Nullable UUID inviterMembership,
                                   String baseUrl) {
        String token = TokenHasher.newToken();
        Invitation invitation = invitations.saveAndFlush(new Invitation(Ids.newUuid(), email, role,
                tokenHasher.hash(token), inviterMembership, clock.instant().plus(properties.ttl())));
        String base = properties.baseUrl().isBlank() ? baseUrl : properties.baseUrl();
        String link = base.replaceAll("/+$", "") + "/invitations/" + tenant + "/" + token;
        log.info("Invitation for {} to tenant {} as {}: {}", email, tenant, role, link);
        return new IssuedInvitation(toView(invitation), link);
    }

    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')")
    @Transactional(readOnly = true)
    public Page<InvitationView> list(Cursor cursor, int limit) {
        List<Invitation> page = invitations.findByIdLessThanOrderByIdDesc(cursor.beforeDescending(),
                Limit.of(limit + 1));
        List<Invitation> shown = page.subList(0, Math.min(limit, page.size()));
        String next = page.size() > limit ? Cursor.after(shown.getLast().id()) : null;
        return new Page<>(shown.stream().map(this::toView).toList(), next);
    }

    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')")
    @Transactional(readOnly = true)
    public InvitationView get(UUID id) {
        return invitations.findById(id).map(this::toView).orElseThrow(() -> NotFoundException.of("invitation"));
    }

    @Transactional
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    public InvitationView revoke(UUID id) {
        Invitation invitation = invitations.findById(id).orElseThrow(() -> NotFoundException.of("invitation"));
        if (invitation.state(clock.instant()) != Invitation.State.OPEN) {
            throw new ConflictException("invitation", "Only an open invitation can be revoked.");
        }
        invitation.revoke(clock.instant());
        invitations.flush();
        events.publishEvent(new InvitationRevoked(TenantScope.requireTenant(), id,
                TenantScope.currentUser().orElse(null)));
        return toView(invitation);
    }

    /** What the invitation page shows; an unknown, used or expired token is "not found" without saying which. */
    public InvitationPreview preview(TenantId tenant, String token) {
        return transactions.asTenant(tenant, () -> {
            Invitation invitation = openInvitation(token);
            Tenant organization = tenants.findById(tenant.value()).orElseThrow(() -> new NotFoundException(INVALID_LINK));
            boolean accountExists = users.findByEmail(invitation.email()).isPresent();
            return new InvitationPreview(tenant.value(), organization.name(), invitation.email(), invitation.role(),
                    accountExists);
        });
    }

    /**
     * Accepts an invitation: the invited e-mail's existing account (proved by its password, or by being signed in
     * as it) or a new account joins the tenant with the invited role. The invitation row is locked, so a link
     * raced from two browsers is used once.
     */
    public UserId accept(TenantId tenant, String token, Acceptance acceptance, @Nullable ConsoleUser signedIn) {
        return transactions.inScope(TenantScope.Binding.tenant(tenant), () -> {
            Invitation invitation = openInvitation(token);
            UserAccount account = users.findByEmail(invitation.email()).orElse(null);
            UUID userId;
            String displayName;
            if (account != null) {
                boolean provedBySession = signedIn != null && signedIn.userId().value().equals(account.id());
                boolean provedByPassword = accounts.passwordMatches(AccountService.toPrincipal(account),
                        acceptance.password());
                if (!provedBySession && !provedByPassword) {
                    throw new InvalidInputException("password", "The password does not match this account.");
                }
                userId = account.id();
                displayName = account.displayName();
                if (memberships.findByUserId(userId).isPresent()) {
                    throw new ConflictException("invitation", "You are already a member of this organisation.");
                }
            } else {
                String name = acceptance.displayName() == null ? "" : acceptance.displayName().trim();
                if (name.isEmpty()) {
                    throw new InvalidInputException("displayName", "Tell us your name.");
                }
                PasswordPolicy.problemWith(acceptance.password(), invitation.email())
                        .ifPresent(problem -> { throw new InvalidInputException("password", problem); });
                userId = Ids.newUuid();
                displayName = name;
                users.saveAndFlush(new UserAccount(userId, invitation.email(), name,
                        accounts.encode(acceptance.password())));
            }
            memberships.saveAndFlush(new Membership(Ids.newUuid(), userId, invitation.role()));
            invitation.accept(clock.instant());
            invitations.flush();
            events.publishEvent(new InvitationAccepted(tenant, invitation.id(), new UserId(userId), displayName,
                    invitation.role()));
            return new UserId(userId);
        });
    }

    private Invitation openInvitation(String token) {
        Invitation invitation = invitations.findByTokenHash(tokenHasher.hash(token))
                .orElseThrow(() -> new NotFoundException(INVALID_LINK));
        if (invitation.state(clock.instant()) != Invitation.State.OPEN) {
            throw new NotFoundException(INVALID_LINK);
        }
        return invitation;
    }

    private InvitationView toView(Invitation invitation) {
        return new InvitationView(invitation.id(), invitation.email(), invitation.role(),
                invitation.state(clock.instant()).name(), invitation.createdAt(), invitation.expiresAt());
    }
}
