package io.tollgate.identity;

import static io.tollgate.identity.BearerFixtures.assertProblem;
import static io.tollgate.identity.BearerFixtures.issueKey;
import static io.tollgate.identity.BearerFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * JWTs on {@code /v1}: genuine tokens of a real OIDC server (mock-oauth2-server) are accepted for the agent or member
 * they name; the negative suite (forged, confused, stale, foreign, header-injected tokens) is refused with 401.
 */
@TollgateTest
class JwtAuthenticationTest {

    static MockOAuth2Server oidc;
    static HttpServer ownIssuer;
    static RSAKey issuerKey;
    static String ownIssuerUrl;

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    ConsoleClient owner;
    BearerFixtures fixtures;
    BearerFixtures.Agent agent;
    String audience;

    @BeforeAll
    static void startIssuers() throws Exception {
        oidc = new MockOAuth2Server();
        oidc.start();
        issuerKey = new RSAKeyGenerator(2048).keyID("own-key").generate();
        ownIssuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ownIssuerUrl = "http://127.0.0.1:" + ownIssuer.getAddress().getPort() + "/own";
        byte[] jwks = new JWKSet(issuerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        ownIssuer.createContext("/own/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        ownIssuer.start();
    }

    @AfterAll
    static void stopIssuers() {
        oidc.shutdown();
        ownIssuer.stop(0);
    }

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Jwt").signUp(port);
        fixtures = new BearerFixtures(port, Databases.of(environment));
        agent = fixtures.agentIn(BearerFixtures.tenantOf(owner));
        audience = "tollgate-" + UUID.randomUUID();
    }

    @Test
    void a_token_of_a_trusted_oidc_issuer_acts_as_the_agent_it_names() {
        String issuerId = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        trust(oidc.issuerUrl(issuerId).toString(), null, "AGENT", null);
        String token = oidc.issueToken(issuerId, agent.apiId(), audience, Map.of("scope", "read admin")).serialize();

        HttpResponse<String> keys = fixtures.call(token, "GET", "/v1/api-keys");

        assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
    }

    @Test
    void a_token_naming_a_member_by_email_acts_with_the_members_role() {
        String issuerId = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        trust(oidc.issuerUrl(issuerId).toString(), null, "USER", "email");
        String email = json(owner.api("GET", "/v1/members")).get("data").get(0).get("email").asString();
        String token = oidc.issueToken(issuerId, "someone", audience, Map.of("email", email)).serialize();

        HttpResponse<String> members = fixtures.call(token, "GET", "/v1/members");

        assertThat(members.statusCode()).as(members.body()).isEqualTo(200);
        assertThat(members.body()).contains(email);
    }

    @Test
    void a_valid_token_of_our_own_issuer_is_accepted_within_the_skew() throws Exception {
        trustOwnIssuer();
        Instant now = Instant.now();

        assertThat(fixtures.call(sign(claims().build()), "GET", "/v1/organization").statusCode()).isEqualTo(200);
        String justExpired = sign(claims().issueTime(Date.from(now.minusSeconds(90)))
                .expirationTime(Date.from(now.minusSeconds(30))).build());
        HttpResponse<String> response = fixtures.call(justExpired, "GET", "/v1/organization");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void negative_suite_every_forged_or_misdirected_token_is_401() throws Exception {
        trustOwnIssuer();
        Instant now = Instant.now();
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("own-key").generate();

        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("alg=none", new PlainJWT(claims().build()).serialize());
        refused.put("HS256 signed with the issuer's public key", hmacWithPublicKey(claims().build()));
        refused.put("wrong audience", sign(claims().audience("someone-else").build()));
        refused.put("expired beyond the skew", sign(claims().issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(120))).build()));
        refused.put("not yet valid", sign(claims().notBeforeTime(Date.from(now.plusSeconds(120))).build()));
        refused.put("no expiry", sign(claims().expirationTime(null).build()));
        refused.put("unknown issuer", sign(claims().issuer("https://evil.example/").build()));
        refused.put("signed by another key", sign(claims().build(), attacker, null));
        refused.put("jwk header injected", sign(claims().build(), attacker, attacker.toPublicJWK()));
        refused.put("jku header injected", signWithJku(claims().build(), attacker));
        refused.put("no scope", sign(claims().claim("scope", null).build()));
        refused.put("unknown agent", sign(claims().subject("agt_" + "0".repeat(32)).build()));
        refused.put("garbage", "not-a-jwt");

        refused.forEach((why, token) -> {
            HttpResponse<String> response = fixtures.call(token, "GET", "/v1/organization");
            assertThat(response.statusCode()).as(why + ": " + response.body()).isEqualTo(401);
            assertProblem(response, 401, "unauthenticated");
        });
    }

    @Test
    void a_token_of_tenant_a_cannot_reach_tenant_bs_resources() throws Exception {
        trustOwnIssuer();
        ConsoleClient otherOwner = TestAccounts.fresh("JwtOther").signUp(port);
        var otherAgent = fixtures.agentIn(BearerFixtures.tenantOf(otherOwner));
        String otherKey = issueKey(otherOwner, otherAgent, "[\"read\"]", "").get("key").get("id").asString();
        String token = sign(claims().claim("scope", "admin read").build());

        assertProblem(fixtures.call(token, "GET", "/v1/api-keys/" + otherKey), 404, "not-found");
        assertProblem(fixtures.call(token, "POST", "/v1/api-keys/" + otherKey + "/revoke"), 404, "not-found");
        String agentOfB = sign(claims().subject(otherAgent.apiId()).build());
        assertProblem(fixtures.call(agentOfB, "GET", "/v1/organization"), 401, "unauthenticated");
    }

    @Test
    void trusting_an_issuer_validates_input_and_is_owner_or_admin_only() {
        HttpResponse<String> hmac = owner.api("POST", "/v1/trusted-issuers", "application/json",
                "{\"issuer\":\"https://idp.example\",\"audience\":\"a\",\"jwks_uri\":\"https://idp.example/jwks\","
                        + "\"algorithms\":[\"HS256\"],\"principal_type\":\"AGENT\"}");
        HttpResponse<String> notUrl = owner.api("POST", "/v1/trusted-issuers", "application/json",
                "{\"issuer\":\"idp\",\"audience\":\"a\",\"jwks_uri\":\"https://idp.example/jwks\",\"principal_type\":\"AGENT\"}");
        HttpResponse<String> undiscoverable = owner.api("POST", "/v1/trusted-issuers", "application/json",
                "{\"issuer\":\"http://127.0.0.1:9/nothing\",\"audience\":\"a\",\"principal_type\":\"AGENT\"}");

        assertProblem(hmac, 422, "validation-failed");
        assertThat(hmac.body()).contains("\"field\":\"algorithms\"");
        assertProblem(notUrl, 422, "validation-failed");
        assertProblem(undiscoverable, 422, "validation-failed");
        String readKey = issueKey(owner, agent, "[\"read\"]", "").get("secret").asString();
        assertProblem(fixtures.call(readKey, "GET", "/v1/trusted-issuers"), 403, "forbidden");
    }

    @Test
    void a_removed_issuer_is_no_longer_trusted() throws Exception {
        String id = trustOwnIssuer();
        String token = sign(claims().build());
        assertThat(fixtures.call(token, "GET", "/v1/organization").statusCode()).isEqualTo(200);

        assertThat(owner.api("DELETE", "/v1/trusted-issuers/" + id).statusCode()).isEqualTo(200);

        assertProblem(fixtures.call(token, "GET", "/v1/organization"), 401, "unauthenticated");
        assertThat(owner.api("GET", "/v1/audit-events?limit=20").body())
                .contains("trusted_issuer.added", "trusted_issuer.removed");
    }

    private String trustOwnIssuer() {
        return trust(ownIssuerUrl, ownIssuerUrl + "/jwks", "AGENT", null);
    }

    private String trust(String issuer, String jwksUri, String type, String claim) {
        String body = "{\"issuer\":\"" + issuer + "\",\"audience\":\"" + audience + "\",\"principal_type\":\"" + type
                + "\"" + (jwksUri == null ? "" : ",\"jwks_uri\":\"" + jwksUri + "\"")
                + (claim == null ? "" : ",\"principal_claim\":\"" + claim + "\"") + "}";
        HttpResponse<String> created = owner.api("POST", "/v1/trusted-issuers", "application/json", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ownIssuerUrl).audience(List.of(audience)).subject(agent.apiId())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("scope", "read");
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        return sign(claims, issuerKey, null);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key, com.nimbusds.jose.jwk.JWK embedded) throws Exception {
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
        if (embedded != null) {
            header.jwk(embedded);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String signWithJku(JWTClaimsSet claims, RSAKey key) throws Exception {
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .jwkURL(java.net.URI.create("https://evil.example/jwks")).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The classic confusion: the verifier's public key used as an HMAC secret. */
    private static String hmacWithPublicKey(JWTClaimsSet claims) throws Exception {
        byte[] secret = issuerKey.toPublicJWK().toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("own-key").build(), claims);
        jwt.sign(new MACSigner(java.util.Arrays.copyOf(secret, Math.max(secret.length, 32))));
        return jwt.serialize();
    }
}
