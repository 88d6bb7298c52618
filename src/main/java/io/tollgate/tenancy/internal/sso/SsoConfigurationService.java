package io.tollgate.tenancy.internal.sso;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.SsoConfigured;
import io.tollgate.tenancy.SsoRemoved;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The organisation's SSO configuration, for its owners and admins: read, create or replace (validated; enabling it
 * requires the issuer's discovery to work), remove. The client secret goes in and is never given back.
 */
@Service
@Transactional
@PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
public class SsoConfigurationService {

    static final int MAX_DOMAINS = 20;
    static final int MAX_MAPPINGS = 50;
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}");
    private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_:./-]{1,100}");
    /** Mailbox providers anyone can sign up at: claiming one would let an IdP vouch for strangers. */
    static final Set<String> SHARED_MAIL_DOMAINS = Set.of("gmail.com", "googlemail.com", "outlook.com",
            "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me",
            "protonmail.com", "gmx.net", "gmx.de", "web.de", "yandex.ru", "mail.ru", "qq.com", "163.com");

    /** What an administrator sets. Secret: give one of the two to change it; neither keeps the current one. */
    public record Settings(String issuer, String clientId, @Nullable String clientSecret,
                           @Nullable String clientSecretRef, List<String> allowedDomains,
                           @Nullable String groupsClaim, Map<String, Role> roleMappings, @Nullable Role defaultRole,
                           boolean jitEnabled, boolean ssoRequired, boolean enabled) {
    }

    private final SsoConfigurationStore store;
    private final ClientSecrets secrets;
    private final IssuerDiscovery discovery;
    private final ApplicationEventPublisher events;

    SsoConfigurationService(SsoConfigurationStore store, ClientSecrets secrets, IssuerDiscovery discovery,
                            ApplicationEventPublisher events) {
        this.store = store;
        this.secrets = secrets;
        this.discovery = discovery;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public Optional<SsoConfiguration> current() {
        return store.current();
    }

    @Transactional(readOnly = true)
    public SsoConfiguration require() {
        return store.current().orElseThrow(() -> NotFoundException.of("SSO configuration"));
    }

    /**
     * Creates or replaces the configuration. With an expected version (If-Match, the form's hidden field) a change
     * made in between is refused instead of overwritten.
     */
    public SsoConfiguration save(Settings settings, @Nullable Long expectedVersion) {
        TenantId tenant = TenantScope.requireTenant();
        Optional<SsoConfiguration> before = store.current();
        if (expectedVersion != null && before.map(c -> c.version() != expectedVersion).orElse(true)) {
            throw stale();
        }
        String issuer = required("issuer", settings.issuer(), 500, "Give the issuer URL.");
        if (!discovery.acceptable(issuer)) {
            throw new InvalidInputException("issuer", "Give the issuer as an absolute https URL, exactly as your "
                    + "IdP names it (the iss claim).");
        }
        discovery.refusal(issuer).ifPresent(message -> {
            throw new InvalidInputException("issuer", message);
        });
        String clientId = required("client_id", settings.clientId(), 255, "Give the client id your IdP issued.");
        SsoConfiguration.StoredSecret secret = secret(tenant, settings, before);
        List<String> domains = domains(settings.allowedDomains());
        String groupsClaim = settings.groupsClaim() == null || settings.groupsClaim().isBlank() ? "groups"
                : settings.groupsClaim().strip();
        if (!CLAIM.matcher(groupsClaim).matches()) {
            throw new InvalidInputException("groups_claim", "Give a claim name (letters, digits, _ : . / -; at most "
                    + "100 characters).");
        }
        Map<String, Role> mappings = mappings(settings.roleMappings());
        Role defaultRole = settings.defaultRole() == null ? Role.VIEWER : settings.defaultRole();
        if (defaultRole == Role.OWNER) {
            throw new InvalidInputException("default_role", "Single sign-on never makes an owner; choose another "
                    + "default role.");
        }
        if (settings.enabled()) {
            discovery.evict(issuer);
            try {
                discovery.discover(issuer);
            } catch (IssuerDiscovery.DiscoveryFailed e) {
                throw new InvalidInputException("issuer", e.getMessage());
            }
        }
        var after = new SsoConfiguration(tenant, issuer, clientId, secret, domains, groupsClaim, mappings,
                defaultRole, settings.jitEnabled(), settings.ssoRequired(), settings.enabled(),
                before.map(SsoConfiguration::version).orElse(0L), java.time.Instant.now(), java.time.Instant.now());
        store.claimDomains(tenant, domains);
        if (before.isEmpty()) {
            store.insert(after);
        } else if (!store.update(after, before.get().version())) {
            throw stale();
        }
        events.publishEvent(new SsoConfigured(tenant, changes(before.orElse(null), after,
                settings.clientSecret() != null || settings.clientSecretRef() != null)));
        return store.current().orElseThrow();
    }

    public SsoConfiguration remove(@Nullable Long expectedVersion) {
        SsoConfiguration current = require();
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw stale();
        }
        store.delete(current.tenant());
        events.publishEvent(new SsoRemoved(current.tenant(), current.issuer(), current.allowedDomains()));
        return current;
    }

    private SsoConfiguration.StoredSecret secret(TenantId tenant, Settings settings,
                                                 Optional<SsoConfiguration> before) {
        String plain = blankToNull(settings.clientSecret());
        String reference = blankToNull(settings.clientSecretRef());
        if (plain != null && reference != null) {
            throw new InvalidInputException("client_secret", "Give either the client secret or a Vault reference "
                    + "to it, not both.");
        }
        if (plain != null) {
            if (plain.length() > 1000) {
                throw new InvalidInputException("client_secret", "The client secret is too long (at most 1000 "
                        + "characters).");
            }
            return secrets.seal(tenant, plain);
        }
        if (reference != null) {
            return secrets.reference(reference);
        }
        return before.map(SsoConfiguration::secret).orElseThrow(() -> new InvalidInputException("client_secret",
                "Give the client secret your IdP issued (or a Vault reference to it)."));
    }

    static List<String> domains(List<String> given) {
        Set<String> domains = new LinkedHashSet<>();
        for (String raw : given) {
            String domain = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (domain.startsWith("@")) {
                domain = domain.substring(1);
            }
            if (domain.isEmpty()) {
                continue;
            }
            if (!DOMAIN.matcher(domain).matches()) {
                throw new InvalidInputException("allowed_domains", "\"" + domain + "\" is not an e-mail domain "
                        + "(like example.com).");
            }
            if (SHARED_MAIL_DOMAINS.contains(domain)) {
                throw new InvalidInputException("allowed_domains", domain + " is a public mailbox provider; only "
                        + "your organisation's own domains can sign in through its IdP.");
            }
            domains.add(domain);
        }
        if (domains.isEmpty() || domains.size() > MAX_DOMAINS) {
            throw new InvalidInputException("allowed_domains", "Give 1–" + MAX_DOMAINS + " e-mail domains whose "
                    + "people sign in through this IdP.");
        }
        return List.copyOf(domains);
    }

    static Map<String, Role> mappings(Map<String, Role> given) {
        if (given.size() > MAX_MAPPINGS) {
            throw new InvalidInputException("role_mappings", "At most " + MAX_MAPPINGS + " group mappings.");
        }
        Map<String, Role> mappings = new LinkedHashMap<>();
        given.forEach((group, role) -> {
            String name = group == null ? "" : group.strip();
            if (name.isEmpty() || name.length() > 200) {
                throw new InvalidInputException("role_mappings", "Group names have 1–200 characters.");
            }
            if (role == null) {
                throw new InvalidInputException("role_mappings", "Give a role for group \"" + name + "\".");
            }
            if (role == Role.OWNER) {
                throw new InvalidInputException("role_mappings", "Group \"" + name + "\" maps to OWNER; single "
                        + "sign-on never makes an owner (an owner grants it on the Members page).");
            }
            mappings.put(name, role);
        });
        return mappings;
    }

    private static Map<String, Change> changes(@Nullable SsoConfiguration before, SsoConfiguration after,
                                               boolean secretGiven) {
        Map<String, Change> changes = new LinkedHashMap<>();
        compare(changes, "issuer", before == null ? null : before.issuer(), after.issuer());
        compare(changes, "client_id", before == null ? null : before.clientId(), after.clientId());
        compare(changes, "allowed_domains", before == null ? null : String.join(", ", before.allowedDomains()),
                String.join(", ", after.allowedDomains()));
        compare(changes, "groups_claim", before == null ? null : before.groupsClaim(), after.groupsClaim());
        compare(changes, "role_mappings", before == null ? null : describe(before.roleMappings()),
                describe(after.roleMappings()));
        compare(changes, "default_role", before == null ? null : before.defaultRole().name(),
                after.defaultRole().name());
        compare(changes, "jit_enabled", before == null ? null : before.jitEnabled(), after.jitEnabled());
        compare(changes, "sso_required", before == null ? null : before.ssoRequired(), after.ssoRequired());
        compare(changes, "enabled", before == null ? null : before.enabled(), after.enabled());
        if (secretGiven || before == null) {
            // Only that it changed and where it is kept; the audit module redacts the field whatever is passed.
            changes.put("client_secret", new Change(before == null ? null : "previous", "changed"));
            changes.put("client_credential_storage", new Change(before == null ? null : before.secret().source(),
                    after.secret().source()));
        }
        return changes;
    }

    private static void compare(Map<String, Change> changes, String field, @Nullable Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, new Change(before, after));
        }
    }

    private static String describe(Map<String, Role> mappings) {
        List<String> lines = new ArrayList<>();
        mappings.forEach((group, role) -> lines.add(group + "=" + role.name()));
        return String.join(", ", lines);
    }

    private static String required(String field, @Nullable String value, int max, String message) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty()) {
            throw new InvalidInputException(field, message);
        }
        if (stripped.length() > max || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, "At most " + max + " characters, on one line.");
        }
        return stripped;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static PreconditionFailedException stale() {
        return new PreconditionFailedException("The SSO configuration changed since you read it; reload and try "
                + "again.");
    }
}
