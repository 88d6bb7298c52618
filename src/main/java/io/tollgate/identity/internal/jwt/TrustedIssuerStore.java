package io.tollgate.identity.internal.jwt;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tollgate.platform.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** SQL for trusted issuers and their global (issuer, audience) → tenant routes. */
@Repository
class TrustedIssuerStore {

    static final int MAX_PER_TENANT = 20;

    private static final String SELECT = "SELECT id, issuer, audience, jwks_uri, algorithms, principal_type, "
            + "principal_claim, created_at FROM trusted_issuers";

    private final JdbcTemplate jdbc;

    TrustedIssuerStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, TrustedIssuer issuer) {
        jdbc.update("""
                INSERT INTO trusted_issuers (tenant_id, id, issuer, audience, jwks_uri, algorithms, principal_type,
                                             principal_claim)
                VALUES (?, ?, ?, ?, ?, ?::text[], ?, ?)""", tenant.value(), issuer.id(), issuer.issuer(),
                issuer.audience(), issuer.jwksUri(),
                issuer.algorithms().stream().collect(Collectors.joining(",", "{", "}")),
                issuer.principalType().name(), issuer.principalClaim());
        jdbc.update("INSERT INTO trusted_issuer_routes (issuer, audience, tenant_id) VALUES (?, ?, ?)",
                issuer.issuer(), issuer.audience(), tenant.value());
    }

    void delete(TrustedIssuer issuer) {
        jdbc.update("DELETE FROM trusted_issuer_routes WHERE issuer = ? AND audience = ?", issuer.issuer(),
                issuer.audience());
        jdbc.update("DELETE FROM trusted_issuers WHERE id = ?", issuer.id());
    }

    /** Only while no tenant is bound (the route_lookup policy). */
    Optional<TenantId> tenantOf(String issuer, String audience) {
        return jdbc.query("SELECT tenant_id FROM trusted_issuer_routes WHERE issuer = ? AND audience = ?",
                (rs, n) -> new TenantId(rs.getObject(1, UUID.class)), issuer, audience).stream().findFirst();
    }

    boolean routeTaken(String issuer, String audience) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM trusted_issuers WHERE issuer = ? AND audience = ?)", Boolean.class,
                issuer, audience));
    }

    Optional<TrustedIssuer> byIssuerAndAudience(String issuer, String audience) {
        return jdbc.query(SELECT + " WHERE issuer = ? AND audience = ?", ROW, issuer, audience).stream().findFirst();
    }

    Optional<TrustedIssuer> byId(UUID id) {
        return jdbc.query(SELECT + " WHERE id = ?", ROW, id).stream().findFirst();
    }

    List<TrustedIssuer> all() {
        return jdbc.query(SELECT + " ORDER BY created_at, id", ROW);
    }

    int count() {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM trusted_issuers", Integer.class);
        return count == null ? 0 : count;
    }

    private static final RowMapper<TrustedIssuer> ROW = (rs, n) -> new TrustedIssuer(
            rs.getObject("id", UUID.class), rs.getString("issuer"), rs.getString("audience"),
            rs.getString("jwks_uri"), List.of((String[]) rs.getArray("algorithms").getArray()),
            TrustedIssuer.PrincipalType.valueOf(rs.getString("principal_type")), rs.getString("principal_claim"),
            rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant());
}
