package io.tollgate.tenancy.internal;

import java.time.Clock;

import io.tollgate.platform.Actor;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.platform.TokenHasher;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.OrganizationCreated;
import io.tollgate.tenancy.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/** Creating organisations: public sign-up, a signed-in person's further organisation, and operators. */
@Service
public class OrganizationSignup {

    /** An organisation's address: 3–40 lower-case letters, digits and dashes, no dash at either end. */
    public static final String SLUG_PATTERN = "^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$";

    /** A new organisation and its owner's new account. */
    public record NewOrganization(String organizationName, String slug, String timeZone, String displayName,
                                  String email, String password, @Nullable String signupCode) {
    }

    public record Created(TenantId tenant, UserId owner) {
    }

    private final TenantRepository tenants;
    private final UserAccountRepository users;
    private final MembershipRepository memberships;
    private final SignupCodeRepository signupCodes;
    private final AccountService accounts;
    private final TenantTransactions transactions;
    private final TokenHasher tokenHasher;
    private final SignupProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrganizationSignup(TenantRepository tenants, UserAccountRepository users, MembershipRepository memberships,
                       SignupCodeRepository signupCodes, AccountService accounts, TenantTransactions transactions,
                       TokenHasher tokenHasher, SignupProperties properties, ApplicationEventPublisher events,
                       Clock clock) {
        this.tenants = tenants;
        this.users = users;
        this.memberships = memberships;
        this.signupCodes = signupCodes;
        this.accounts = accounts;
        this.transactions = transactions;
        this.tokenHasher = tokenHasher;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    public SignupProperties.Mode mode() {
        return properties.mode();
    }

    public Created signUp(NewOrganization request) {
        PasswordPolicy.problemWith(request.password(), request.email())
                .ifPresent(problem -> { throw new InvalidInputException("password", problem); });
        TenantId tenant = TenantId.newId();
        UserId owner = new UserId(Ids.newUuid());
        String passwordHash = accounts.encode(request.password());
        Actor actor = Actor.user(owner, request.displayName().trim());
        return withUniqueKeys(() -> transactions.inScope(new TenantScope.Binding(tenant, owner, actor), () -> {
            SignupCode admission = admitSelfService(request.signupCode());
            requireFreeSlug(request.slug());
            if (users.findByEmail(request.email()).isPresent()) {
                throw new ConflictException("email",
                        "An account with this e-mail exists. Sign in, then create the organisation from the menu.");
            }
            users.saveAndFlush(new UserAccount(owner.value(), request.email().trim(), request.displayName().trim(),
                    passwordHash));
            createTenantWithOwner(tenant, request.slug(), request.organizationName(), request.timeZone(), owner);
            spend(admission, tenant);
            return new Created(tenant, owner);
        }));
    }

    /** A signed-in person opens a further organisation, becoming its owner. */
    public Created createForExistingUser(UserId owner, String name, String slug, String timeZone,
                                         @Nullable String signupCode) {
        TenantId tenant = TenantId.newId();
        return withUniqueKeys(() -> transactions.inScope(new TenantScope.Binding(tenant, owner), () -> {
            SignupCode admission = admitSelfService(signupCode);
            requireFreeSlug(slug);
            createTenantWithOwner(tenant, slug, name, timeZone, owner);
            spend(admission, tenant);
            return new Created(tenant, owner);
        }));
    }

    /** Operators (closed or invite-only mode) create the tenant; its owner joins through an invitation. */
    public TenantId createByOperator(String name, String slug, String timeZone) {
        TenantId tenant = TenantId.newId();
        return withUniqueKeys(() -> transactions.asTenant(tenant, () -> {
            requireFreeSlug(slug);
            tenants.saveAndFlush(new Tenant(tenant.value(), slug, name.trim(), timeZone));
            events.publishEvent(new OrganizationCreated(tenant, slug, name.trim(), null));
            return tenant;
        }));
    }

    /** Issues a single-use sign-up code; only its hash is stored, the code is returned once. */
    public String issueSignupCode(@Nullable String note) {
        String code = TokenHasher.newToken();
        transactions.inScope(new TenantScope.Binding(null, null), () -> signupCodes.save(new SignupCode(Ids.newUuid(),
                tokenHasher.hash(code), note, clock.instant().plus(properties.codeTtl()))));
        return code;
    }

    /** Whether this mode lets a person create an organisation; in invite-only mode, the (locked) code that does. */
    private @Nullable SignupCode admitSelfService(@Nullable String signupCode) {
        return switch (properties.mode()) {
            case OPEN -> null;
            case CLOSED -> throw new InvalidInputException("organizationName",
                    "New organisations are created by the operators of this Tollgate installation.");
            case INVITE_ONLY -> {
                SignupCode code = signupCode == null || signupCode.isBlank() ? null
                        : signupCodes.findByCodeHash(tokenHasher.hash(signupCode.trim())).orElse(null);
                if (code == null || !code.usable(clock.instant())) {
                    throw new InvalidInputException("signupCode", "This sign-up code is not valid or was used.");
                }
                yield code;
            }
        };
    }

    /** Marks the code used once the tenant it points to exists (the foreign key needs the tenant first). */
    private void spend(@Nullable SignupCode admission, TenantId tenant) {
        if (admission != null) {
            admission.use(tenant.value(), clock.instant());
            signupCodes.flush();
        }
    }

    private void requireFreeSlug(String slug) {
        if (tenants.existsBySlug(slug)) {
            throw new ConflictException("slug", "This organisation address is taken. Choose another.");
        }
    }

    private void createTenantWithOwner(TenantId tenant, String slug, String name, String timeZone, UserId owner) {
        tenants.saveAndFlush(new Tenant(tenant.value(), slug, name.trim(), timeZone));
        memberships.saveAndFlush(new Membership(Ids.newUuid(), owner.value(), Role.OWNER));
        events.publishEvent(new OrganizationCreated(tenant, slug, name.trim(), owner));
    }

    /** Two sign-ups racing for one slug or e-mail: the unique index decides, the loser gets a field error. */
    private static <T> T withUniqueKeys(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (DataIntegrityViolationException e) {
            String message = String.valueOf(e.getMostSpecificCause().getMessage());
            if (message.contains("tenants_slug_key")) {
                throw new ConflictException("slug", "This organisation address is taken. Choose another.");
            }
            if (message.contains("users_email_key")) {
                throw new ConflictException("email", "An account with this e-mail exists.");
            }
            throw e;
        }
    }
}
