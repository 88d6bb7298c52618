package io.tollgate.tenancy.internal.sso;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.platform.TenantTransactions;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.SsoSignInRefused;
import io.tollgate.tenancy.internal.MemberProvisioning;
import io.tollgate.tenancy.internal.OrganizationService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Decides whom a tenant's IdP may sign in: a verified e-mail (a present {@code email_verified} must be true) in one
 * of the allowed domains; then an existing member keeps their role (group mappings apply only when a membership is
 * made), and anyone else is provisioned just in time when that is on, with the role their groups map to.
 */
@Component
class SsoAdmission {

    private static final Logger log = LoggerFactory.getLogger(SsoAdmission.class);
    private static final int MAX_NAME = 100;

    private final MemberProvisioning provisioning;
    private final OrganizationService organizations;
    private final TenantTransactions transactions;
    private final ApplicationEventPublisher events;

    SsoAdmission(MemberProvisioning provisioning, OrganizationService organizations,
                 TenantTransactions transactions, ApplicationEventPublisher events) {
        this.provisioning = provisioning;
        this.organizations = organizations;
        this.transactions = transactions;
        this.events = events;
    }

    MemberProvisioning.Member admit(SsoConfiguration config, Map<String, Object> claims) {
        String organization = transactions.asTenant(config.tenant(), organizations::current).name();
        if (!(claims.get("email") instanceof String email) || SsoDirectory.domainOf(email).isEmpty()) {
            throw refuse(config, null, "email_missing", "Your identity provider did not share your e-mail "
                    + "address, so you cannot sign in to " + organization + ". Ask your administrator to release "
                    + "the email claim to Tollgate.");
        }
        email = email.trim().toLowerCase(Locale.ROOT);
        Object verified = claims.get("email_verified");
        if (verified != null && !Boolean.TRUE.equals(verified) && !"true".equals(verified)) {
            throw refuse(config, email, "email_not_verified", "Your e-mail address is not verified at your "
                    + "identity provider, so you cannot sign in to " + organization + ".");
        }
        if (!config.allowsDomain(SsoDirectory.domainOf(email).orElseThrow())) {
            throw refuse(config, email, "domain_not_allowed",
                    "Your e-mail domain is not allowed to sign in to " + organization + ".");
        }
        var existing = provisioning.existing(config.tenant(), email);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!config.jitEnabled()) {
            throw refuse(config, email, "not_a_member", "You are not a member of " + organization
                    + ". Ask one of its administrators to invite you.");
        }
        Role role = config.roleFor(groups(claims.get(config.groupsClaim())));
        return provisioning.provision(config.tenant(), email, displayName(claims, email), role, config.issuer());
    }

    private SsoRefusal refuse(SsoConfiguration config, @Nullable String email, String reason, String message) {
        log.info("SSO sign-in to tenant {} refused: {}", config.tenant(), reason);
        events.publishEvent(new SsoSignInRefused(config.tenant(), email, reason));
        return new SsoRefusal(reason, message);
    }

    /** A groups claim is a list of names, or one string of names separated by spaces or commas. */
    static List<String> groups(@Nullable Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String text && !text.isBlank()) {
            return Arrays.stream(text.split("[,\\s]+")).filter(name -> !name.isEmpty()).toList();
        }
        return List.of();
    }

    private static String displayName(Map<String, Object> claims, String email) {
        String name = claims.get("name") instanceof String full && !full.isBlank() ? full.strip()
                : claims.get("given_name") instanceof String given && !given.isBlank()
                ? (given + " " + (claims.get("family_name") instanceof String family ? family : "")).strip()
                : email.substring(0, email.indexOf('@'));
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }
}
