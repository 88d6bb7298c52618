package io.tollgate.identity.internal.jwt;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A JWT issuer the tenant trusts for one audience, and how its tokens map to an agent or a person. */
public record TrustedIssuer(UUID id, String issuer, String audience, String jwksUri, List<String> algorithms,
                            PrincipalType principalType, String principalClaim, Instant createdAt) {

    /** AGENT: the claim holds an agent id ({@code agt_…}); USER: the claim holds a member's e-mail address. */
    public enum PrincipalType { AGENT, USER }

    public static final List<String> SUPPORTED_ALGORITHMS =
            List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
}
