package io.tollgate.identity.internal.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiKeyCreated;
import io.tollgate.identity.ApiKeyRevoked;
import io.tollgate.identity.ApiKeyRotated;
import io.tollgate.identity.ApiScope;
import io.tollgate.identity.internal.AgentDirectory;
import io.tollgate.identity.internal.AgentDirectory.AgentFacts;
import io.tollgate.identity.internal.IdentityProperties;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TokenHasher;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, rotates, revokes and lists agents' API keys. The plaintext exists only in the value returned once. */
@Service
@Transactional
@PreAuthorize("@apiKeyAccess.managesSomeKeys()")
public class ApiKeyService {

    public static final int MAX_CIDRS = 20;
    static final Duration MAX_LIFETIME = Duration.ofDays(3 * 365);

    private final ApiKeyStore store;
    private final AgentDirectory agents;
    private final ApiKeyAccess access;
    private final TokenHasher hasher;
    private final ApiKeyCache cache;
    private final ApplicationEventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    ApiKeyService(ApiKeyStore store, AgentDirectory agents, ApiKeyAccess access, TokenHasher hasher,
                  ApiKeyCache cache, ApplicationEventPublisher events, IdentityProperties properties, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.access = access;
        this.hasher = hasher;
        this.cache = cache;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** What to issue. Scopes and CIDRs are validated here, whatever door the request came through. */
    public record NewApiKey(AgentId agent, String name, Set<ApiScope> scopes, @Nullable Instant expiresAt,
                            List<String> allowedCidrs) {
    }

    /** A freshly issued key: {@code plaintext} is shown to the caller once and never again. */
    public record IssuedApiKey(ApiKeyRecord key, String plaintext) {
    }

    public record KeyPage(List<ApiKeyRecord> items, @Nullable UUID nextCursor) {
    }

    public IssuedApiKey create(NewApiKey request) {
        AgentFacts agent = manageableAgent(request.agent());
        if (!agent.active()) {
            throw new ConflictException("agent_id", "The agent is disabled; enable it before issuing keys.");
        }
        String name = request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidInputException("name", "Give the key a name of 1–100 characters.");
        }
        Set<ApiScope> scopes = validScopes(request.scopes());
        List<String> cidrs = validCidrs(request.allowedCidrs());
        validExpiry(request.expiresAt());
        return issue(agent, name, scopes, cidrs, request.expiresAt(), null);
    }

    /**
     * Issues a successor with the same agent, name, scopes and limits; the old key keeps working for the overlap
     * (zero revokes it at once), so deployments can switch without an outage.
     */
    public IssuedApiKey rotate(UUID keyId, Duration overlap) {
        if (overlap.isNegative() || overlap.compareTo(properties.apiKeys().maxRotationOverlap()) > 0) {
            throw new InvalidInputException("overlap_seconds", "The overlap must be between 0 seconds and "
                    + properties.apiKeys().maxRotationOverlap().toDays() + " days.");
        }
        ApiKeyRecord old = manageableKeyForUpdate(keyId);
        if (old.status(clock.instant()) != ApiKeyRecord.Status.ACTIVE) {
            throw new ConflictException("key", "Only an active key can be rotated; this one is "
                    + old.status(clock.instant()).name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        AgentFacts agent = agents.find(old.agent()).orElseThrow(() -> NotFoundException.of("API key"));
        IssuedApiKey successor = issue(agent, old.name(), old.scopes(), old.allowedCidrs(), old.expiresAt(), old.id());
        Instant validUntil = clock.instant().plus(overlap);
        if (overlap.isZero()) {
            store.revoke(old.id());
        } else {
            store.expireAt(old.id(), validUntil);
        }
        cache.evict(old.id());
        events.publishEvent(new ApiKeyRotated(TenantScope.requireTenant(), old.id(), successor.key().id(),
                successor.key().publicId(), validUntil));
        return successor;
    }

    public ApiKeyRecord revoke(UUID keyId) {
        ApiKeyRecord key = manageableKeyForUpdate(keyId);
        if (key.revokedAt() == null) {
            store.revoke(key.id());
            events.publishEvent(new ApiKeyRevoked(TenantScope.requireTenant(), key.id(), key.name(), key.publicId()));
        }
        cache.evict(key.id());
        return store.byId(key.id()).orElseThrow();
    }

    /**
     * Revokes every key of an agent that is being deleted, each with its own {@code api_key.revoked} audit event;
     * answers how many were revoked. The caller has checked that the agent is theirs to manage.
     */
    public int revokeAllOf(AgentId agent) {
        manageableAgent(agent);
        List<ApiKeyRecord> live = store.unrevokedOfForUpdate(agent);
        for (ApiKeyRecord key : live) {
            store.revoke(key.id());
            cache.evict(key.id());
            events.publishEvent(new ApiKeyRevoked(TenantScope.requireTenant(), key.id(), key.name(), key.publicId()));
        }
        return live.size();
    }

    @Transactional(readOnly = true)
    public ApiKeyRecord get(UUID keyId) {
        ApiKeyRecord key = store.byId(keyId).orElseThrow(() -> NotFoundException.of("API key"));
        access.requireManages(key.team(), "API key");
        return key;
    }

    /** The active agents the caller may issue keys to. */
    @Transactional(readOnly = true)
    public List<AgentFacts> issuableAgents() {
        return agents.active(access.scope(), 500);
    }

    @Transactional(readOnly = true)
    public KeyPage list(@Nullable AgentId agent, @Nullable UUID cursor, int limit) {
        if (agent != null) {
            manageableAgent(agent);
        }
        List<ApiKeyRecord> rows = store.list(agent, access.scope(), cursor, limit + 1);
        List<ApiKeyRecord> items = rows.size() > limit ? rows.subList(0, limit) : rows;
        return new KeyPage(List.copyOf(items), rows.size() > limit ? items.getLast().id() : null);
    }

    private IssuedApiKey issue(AgentFacts agent, String name, Set<ApiScope> scopes, List<String> cidrs,
                               @Nullable Instant expiresAt, @Nullable UUID rotatedFrom) {
        TenantId tenant = TenantScope.requireTenant();
        ApiKeyToken token = ApiKeyToken.generate();
        UUID id = Ids.newUuid();
        store.insert(tenant, id, agent.id(), token.publicId(), name, hasher.hash(token.plaintext()), scopes, cidrs,
                expiresAt, TenantScope.currentActor().displayName(), rotatedFrom);
        events.publishEvent(new ApiKeyCreated(tenant, id, agent.id(), name, token.publicId(),
                String.join(" ", ApiKeyStore.scopeValues(scopes)), expiresAt, String.join(" ", cidrs)));
        return new IssuedApiKey(store.byId(id).orElseThrow(), token.plaintext());
    }

    private AgentFacts manageableAgent(AgentId agentId) {
        AgentFacts agent = agents.find(agentId).orElseThrow(() -> NotFoundException.of("agent"));
        access.requireManages(agent.team(), "agent");
        return agent;
    }

    private ApiKeyRecord manageableKeyForUpdate(UUID keyId) {
        ApiKeyRecord key = store.byIdForUpdate(keyId).orElseThrow(() -> NotFoundException.of("API key"));
        access.requireManages(key.team(), "API key");
        return key;
    }

    private Set<ApiScope> validScopes(Set<ApiScope> scopes) {
        if (scopes.isEmpty()) {
            throw new InvalidInputException("scopes", "Choose at least one scope.");
        }
        if (scopes.contains(ApiScope.ADMIN) && !access.administersTenant()) {
            throw new AccessDeniedException("Only owners and admins may grant the admin scope.");
        }
        if (scopes.contains(ApiScope.POLICIES_WRITE) && !access.administersTenant()) {
            throw new AccessDeniedException("Only owners and admins may grant the policies:write scope.");
        }
        return EnumSet.copyOf(scopes);
    }

    private static List<String> validCidrs(List<String> cidrs) {
        if (cidrs.size() > MAX_CIDRS) {
            throw new InvalidInputException("allowed_cidrs", "At most " + MAX_CIDRS + " address ranges.");
        }
        List<String> valid = new ArrayList<>();
        for (String raw : cidrs) {
            String cidr = raw.strip();
            // IPv4 dotted quads or IPv6 literals only, so that parsing never turns into a DNS lookup.
            if (!cidr.matches("(\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*)(/\\d{1,3})?")) {
                throw new InvalidInputException("allowed_cidrs", "\"" + abbreviate(cidr)
                        + "\" is not an IP address or CIDR range such as 203.0.113.0/24.");
            }
            try {
                new IpAddressMatcher(cidr);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("allowed_cidrs", "\"" + abbreviate(cidr)
                        + "\" is not an IP address or CIDR range such as 203.0.113.0/24.");
            }
            valid.add(cidr);
        }
        return List.copyOf(valid);
    }

    private void validExpiry(@Nullable Instant expiresAt) {
        Instant now = clock.instant();
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME)))) {
            throw new InvalidInputException("expires_at", "The expiry must be in the future and within three years.");
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 50 ? value.substring(0, 50) + "…" : value;
    }
}
