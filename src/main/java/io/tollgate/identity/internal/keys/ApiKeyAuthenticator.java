package io.tollgate.identity.internal.keys;

import java.time.Clock;
import java.time.Instant;

import io.tollgate.identity.ApiPrincipal;
import io.tollgate.identity.internal.AgentDirectory;
import io.tollgate.identity.internal.ApiPrincipals;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.platform.TokenHasher;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Turns a presented {@code tg_live_…} token into the agent it belongs to: the public id routes to the tenant, the
 * peppered HMAC is compared in constant time, then revocation, expiry, the agent's status and the address
 * allowlist are checked. Failures say what is wrong only to someone who holds the full, correct secret.
 */
@Component
public class ApiKeyAuthenticator {

    private final ApiKeyStore store;
    private final AgentDirectory agents;
    private final ApiKeyCache cache;
    private final LastUsedRecorder lastUsed;
    private final TokenHasher hasher;
    private final TenantTransactions transactions;
    private final Clock clock;

    ApiKeyAuthenticator(ApiKeyStore store, AgentDirectory agents, ApiKeyCache cache, LastUsedRecorder lastUsed,
                        TokenHasher hasher, TenantTransactions transactions, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.cache = cache;
        this.lastUsed = lastUsed;
        this.hasher = hasher;
        this.transactions = transactions;
        this.clock = clock;
    }

    public static boolean claims(String bearerToken) {
        return ApiKeyToken.claims(bearerToken);
    }

    public ApiPrincipal authenticate(String bearerToken, @Nullable String remoteAddress) {
        ApiKeyToken token = ApiKeyToken.parse(bearerToken).orElseThrow(ApiKeyAuthenticator::invalid);
        String hash = hasher.hash(token.plaintext());
        ApiKeyCache.CachedKey verified = cache.get(hash).orElseGet(() -> lookUp(token, hash));
        ApiKeyRecord key = verified.key();
        Instant now = clock.instant();
        if (key.status(now) == ApiKeyRecord.Status.EXPIRED) {
            throw new InvalidBearerTokenException("The API key has expired.");
        }
        if (!allowedFrom(key, remoteAddress)) {
            throw new InvalidBearerTokenException("The API key may not be used from this address.");
        }
        lastUsed.used(verified.tenant(), key.id(), now);
        return ApiPrincipals.forKey(verified.tenant(), key.agent(), key.agentName(), key.publicId(), key.scopes());
    }

    private ApiKeyCache.CachedKey lookUp(ApiKeyToken token, String hash) {
        TenantId tenant = transactions.inScope(new TenantScope.Binding(null, null), () -> store.tenantOf(token.publicId()))
                .orElseThrow(ApiKeyAuthenticator::invalid);
        ApiKeyRecord key = transactions.asTenant(tenant, () -> {
            ApiKeyRecord found = store.byPublicId(token.publicId()).orElseThrow(ApiKeyAuthenticator::invalid);
            if (!hasher.matches(token.plaintext(), found.secretHash())) {
                throw invalid();
            }
            if (found.revokedAt() != null) {
                throw new InvalidBearerTokenException("The API key was revoked.");
            }
            boolean agentActive = agents.find(found.agent()).map(AgentDirectory.AgentFacts::active).orElse(false);
            if (!agentActive) {
                throw new InvalidBearerTokenException("The agent of this API key is disabled.");
            }
            return found;
        });
        cache.put(hash, tenant, key);
        return new ApiKeyCache.CachedKey(tenant, key);
    }

    private static boolean allowedFrom(ApiKeyRecord key, @Nullable String remoteAddress) {
        if (key.allowedCidrs().isEmpty()) {
            return true;
        }
        return remoteAddress != null
                && key.allowedCidrs().stream().anyMatch(cidr -> new IpAddressMatcher(cidr).matches(remoteAddress));
    }

    private static InvalidBearerTokenException invalid() {
        return new InvalidBearerTokenException("The API key is not valid.");
    }
}
