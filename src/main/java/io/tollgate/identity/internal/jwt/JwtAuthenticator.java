package io.tollgate.identity.internal.jwt;

import java.text.ParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiPrincipal;
import io.tollgate.identity.ApiScope;
import io.tollgate.identity.internal.AgentDirectory;
import io.tollgate.identity.internal.ApiPrincipals;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.tenancy.MemberLookup;
import io.tollgate.tenancy.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;

/**
 * Verifies a JWT from one of the tenants' trusted issuers. The unverified {@code iss} and {@code aud} only choose
 * which tenant's issuer configuration (and so which keys) to verify with; nothing else is read before the
 * signature and claims have been checked. The configured claim then names an agent or a member of that tenant.
 */
@Component
public class JwtAuthenticator {

    /** The verified caller; {@code memberRole} is set for people, who act with their membership's role. */
    public record JwtIdentity(ApiPrincipal principal, @Nullable Role memberRole) {
    }

    private final TrustedIssuerStore issuers;
    private final JwtDecoders decoders;
    private final AgentDirectory agents;
    private final MemberLookup members;
    private final TenantTransactions transactions;

    JwtAuthenticator(TrustedIssuerStore issuers, JwtDecoders decoders, AgentDirectory agents, MemberLookup members,
                     TenantTransactions transactions) {
        this.issuers = issuers;
        this.decoders = decoders;
        this.agents = agents;
        this.members = members;
        this.transactions = transactions;
    }

    public JwtIdentity authenticate(String token) {
        JWTClaimsSet unverified = unverifiedClaims(token);
        String issuerName = unverified.getIssuer();
        List<String> audiences = unverified.getAudience();
        if (issuerName == null || audiences == null || audiences.isEmpty()) {
            throw invalid("The token needs iss and aud claims.");
        }
        Route route = route(issuerName, audiences).orElseThrow(() -> invalid("The token's issuer is not trusted."));
        TrustedIssuer issuer = transactions.asTenant(route.tenant(),
                () -> issuers.byIssuerAndAudience(issuerName, route.audience()))
                .orElseThrow(() -> invalid("The token's issuer is not trusted."));
        Jwt jwt = decode(issuer, token);
        String value = jwt.getClaimAsString(issuer.principalClaim());
        if (value == null || value.isBlank()) {
            throw invalid("The token has no " + issuer.principalClaim() + " claim.");
        }
        return switch (issuer.principalType()) {
            case AGENT -> agent(route.tenant(), issuer, jwt, value);
            case USER -> person(route.tenant(), issuer, jwt, value);
        };
    }

    private JwtIdentity agent(TenantId tenant, TrustedIssuer issuer, Jwt jwt, String value) {
        AgentId agentId;
        try {
            agentId = new AgentId(PrefixedId.parse("agt", value, "agent"));
        } catch (NotFoundException e) {
            throw invalid("The " + issuer.principalClaim() + " claim must hold an agent id (agt_…).");
        }
        var agent = transactions.asTenant(tenant, () -> agents.find(agentId))
                .orElseThrow(() -> invalid("The token names no agent of this organisation."));
        if (!agent.active()) {
            throw invalid("The agent named by the token is disabled.");
        }
        Set<ApiScope> scopes = scopes(jwt);
        if (scopes.isEmpty()) {
            throw invalid("The token grants no Tollgate scope (scope or scp claim).");
        }
        return new JwtIdentity(ApiPrincipals.forAgentJwt(tenant, agentId, agent.name(), issuer.issuer(),
                jwt.getSubject() == null ? value : jwt.getSubject(), scopes), null);
    }

    private JwtIdentity person(TenantId tenant, TrustedIssuer issuer, Jwt jwt, String email) {
        var member = transactions.inScope(TenantScope.Binding.tenant(tenant), () -> members.byEmail(tenant, email))
                .orElseThrow(() -> invalid("The token names no member of this organisation."));
        return new JwtIdentity(ApiPrincipals.forUserJwt(tenant, member.user(), member.displayName(), issuer.issuer(),
                jwt.getSubject() == null ? email : jwt.getSubject(), member.role().administers()), member.role());
    }

    private record Route(TenantId tenant, String audience) {
    }

    private Optional<Route> route(String issuer, List<String> audiences) {
        return transactions.inScope(new TenantScope.Binding(null, null), () -> audiences.stream()
                .flatMap(audience -> issuers.tenantOf(issuer, audience).map(t -> new Route(t, audience)).stream())
                .findFirst());
    }

    private Jwt decode(TrustedIssuer issuer, String token) {
        try {
            return decoders.forIssuer(issuer).decode(token);
        } catch (JwtValidationException e) {
            throw invalid(e.getErrors().stream().map(OAuth2Error::getDescription).filter(d -> d != null)
                    .findFirst().orElse("The token's claims are not valid."));
        } catch (JwtException e) {
            throw invalid("The token's signature or algorithm is not accepted.");
        }
    }

    private static JWTClaimsSet unverifiedClaims(String token) {
        try {
            JWT parsed = JWTParser.parse(token);
            if (!(parsed instanceof SignedJWT)) {
                throw invalid("Only signed JWTs are accepted.");
            }
            return parsed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("The bearer token is neither an API key nor a JWT.");
        }
    }

    private static Set<ApiScope> scopes(Jwt jwt) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        Object scope = jwt.getClaims().get("scope");
        Object scp = jwt.getClaims().get("scp");
        Collection<?> values = scope instanceof String s ? List.of(s.split(" ")) : scp instanceof Collection<?> c ? c
                : scp instanceof String s ? List.of(s.split(" ")) : List.of();
        values.forEach(v -> ApiScope.fromValue(String.valueOf(v)).ifPresent(scopes::add));
        return scopes;
    }

    private static InvalidBearerTokenException invalid(String message) {
        return new InvalidBearerTokenException(message);
    }

}
