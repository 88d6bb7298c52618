package io.tollgate.tenancy.internal.sso;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.MembershipDirectory;
import io.tollgate.tenancy.internal.Views.TenantChoice;
import org.springframework.stereotype.Service;

/**
 * What single sign-on means for the sign-in page: which IdP an e-mail is routed to (home-realm discovery), and what
 * a password sign-in may still reach. An organisation with "SSO required" takes passwords away from its members,
 * except its owners (break-glass: an owner can still get in to repair a broken IdP configuration).
 */
@Service
public class SsoPolicy {

    /** Where an e-mail signs in: the registration Spring Security redirects through, and its organisation. */
    public record Route(TenantId tenant, String registrationId) {
    }

    /**
     * The outcome of a correct password: refused outright (the e-mail belongs to an SSO-required organisation's
     * domain, or every organisation of the person requires SSO), or allowed outside {@code closedTenants}.
     */
    public record PasswordVerdict(boolean refused, Set<TenantId> closedTenants) {
    }

    private final SsoDirectory directory;
    private final MembershipDirectory memberships;

    SsoPolicy(SsoDirectory directory, MembershipDirectory memberships) {
        this.directory = directory;
        this.memberships = memberships;
    }

    /** The enabled IdP that claims this e-mail's domain. */
    public Optional<Route> routeFor(String email) {
        return directory.forEmail(email).filter(SsoConfiguration::enabled)
                .map(config -> new Route(config.tenant(), config.registrationId()));
    }

    public PasswordVerdict passwordSignIn(UserId user, String email) {
        List<TenantChoice> tenants = memberships.tenantsOf(user);
        Set<TenantId> closed = new LinkedHashSet<>();
        for (TenantChoice choice : tenants) {
            TenantId tenant = new TenantId(choice.tenantId());
            if (choice.role() != Role.OWNER && requiresSso(tenant)) {
                closed.add(tenant);
            }
        }
        Optional<SsoConfiguration> domainOwner = directory.forEmail(email)
                .filter(config -> config.enabled() && config.ssoRequired());
        boolean ownerOfDomainTenant = domainOwner.isPresent() && tenants.stream().anyMatch(choice ->
                choice.tenantId().equals(domainOwner.get().tenant().value()) && choice.role() == Role.OWNER);
        boolean refused = domainOwner.isPresent() && !ownerOfDomainTenant
                || !tenants.isEmpty() && closed.size() == tenants.size();
        return new PasswordVerdict(refused, Set.copyOf(closed));
    }

    /** The organisation whose SSO requirement refused a password, for its audit trail. */
    public Optional<TenantId> refusingTenant(UserId user, String email) {
        return directory.forEmail(email).filter(config -> config.enabled() && config.ssoRequired())
                .map(SsoConfiguration::tenant)
                .or(() -> memberships.tenantsOf(user).stream().map(choice -> new TenantId(choice.tenantId()))
                        .filter(this::requiresSso).findFirst());
    }

    private boolean requiresSso(TenantId tenant) {
        return directory.forTenant(tenant).filter(config -> config.enabled() && config.ssoRequired()).isPresent();
    }
}
