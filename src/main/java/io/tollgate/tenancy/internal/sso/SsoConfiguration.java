package io.tollgate.tenancy.internal.sso;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.Role;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's OIDC single sign-on: which IdP (issuer, client), whose e-mails it may sign in (allowed domains), the
 * role a first sign-in gets (groups claim mapped to roles, else the default role), whether unknown people are made
 * members just in time, and whether members must use it instead of a password.
 */
public record SsoConfiguration(TenantId tenant, String issuer, String clientId, StoredSecret secret,
                               List<String> allowedDomains, String groupsClaim, Map<String, Role> roleMappings,
                               Role defaultRole, boolean jitEnabled, boolean ssoRequired, boolean enabled,
                               long version, Instant createdAt, Instant updatedAt) {

    /** Spring Security's registration id for a tenant's IdP: {@code t-<tenant uuid>}. */
    public static final String REGISTRATION_PREFIX = "t-";

    public SsoConfiguration {
        allowedDomains = List.copyOf(allowedDomains);
        roleMappings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roleMappings));
    }

    public String registrationId() {
        return registrationId(tenant);
    }

    public static String registrationId(TenantId tenant) {
        return REGISTRATION_PREFIX + tenant;
    }

    public boolean allowsDomain(String domain) {
        return allowedDomains.contains(domain.toLowerCase(Locale.ROOT));
    }

    /**
     * The strongest role any of the person's groups maps to (roles in {@link Role} order, strongest first), the
     * default role when none is mapped. Mappings never grant OWNER: validation refuses them.
     */
    public Role roleFor(Collection<String> groups) {
        return groups.stream().map(roleMappings::get).filter(Objects::nonNull)
                .min(Comparator.comparingInt(Role::ordinal)).orElse(defaultRole);
    }

    /** The client secret as stored: AES-GCM ciphertext, or a reference into Vault. Exactly one is set. */
    public record StoredSecret(byte @Nullable [] ciphertext, @Nullable String vaultReference) {

        public static StoredSecret sealed(byte[] ciphertext) {
            return new StoredSecret(ciphertext, null);
        }

        public static StoredSecret inVault(String reference) {
            return new StoredSecret(null, reference);
        }

        /** {@code encrypted} or {@code vault}: what the API and the page may say about the secret. */
        public String source() {
            return ciphertext != null ? "encrypted" : "vault";
        }

        @Override
        public String toString() {
            return "StoredSecret[" + source() + "]";
        }
    }
}
