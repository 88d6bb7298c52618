package io.tollgate.tenancy.internal.sso;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.platform.ConflictException;
import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the tenant's SSO configuration and its global e-mail domain → tenant routes. */
@Repository
class SsoConfigurationStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> MAPPINGS = new TypeReference<>() {
    };
    private static final String SELECT = "SELECT tenant_id, issuer, client_id, client_secret_ciphertext, "
            + "client_secret_ref, allowed_domains, groups_claim, role_mappings::text AS role_mappings, default_role, "
            + "jit_enabled, sso_required, enabled, version, created_at, updated_at FROM sso_configurations";

    private final JdbcTemplate jdbc;

    SsoConfigurationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The configuration of the tenant bound to the transaction (row-level security narrows to it). */
    Optional<SsoConfiguration> current() {
        return jdbc.query(SELECT, ROW).stream().findFirst();
    }

    void insert(SsoConfiguration c) {
        jdbc.update("""
                INSERT INTO sso_configurations (tenant_id, issuer, client_id, client_secret_ciphertext,
                    client_secret_ref, allowed_domains, groups_claim, role_mappings, default_role, jit_enabled,
                    sso_required, enabled)
                VALUES (?, ?, ?, ?, ?, ?::text[], ?, ?::jsonb, ?, ?, ?, ?)""",
                c.tenant().value(), c.issuer(), c.clientId(), c.secret().ciphertext(), c.secret().vaultReference(),
                textArray(c.allowedDomains()), c.groupsClaim(), json(c.roleMappings()), c.defaultRole().name(),
                c.jitEnabled(), c.ssoRequired(), c.enabled());
    }

    /** False when the row changed since {@code expectedVersion} was read. */
    boolean update(SsoConfiguration c, long expectedVersion) {
        return jdbc.update("""
                UPDATE sso_configurations SET issuer = ?, client_id = ?, client_secret_ciphertext = ?,
                    client_secret_ref = ?, allowed_domains = ?::text[], groups_claim = ?, role_mappings = ?::jsonb,
                    default_role = ?, jit_enabled = ?, sso_required = ?, enabled = ?, version = version + 1,
                    updated_at = now()
                WHERE tenant_id = ? AND version = ?""",
                c.issuer(), c.clientId(), c.secret().ciphertext(), c.secret().vaultReference(),
                textArray(c.allowedDomains()), c.groupsClaim(), json(c.roleMappings()), c.defaultRole().name(),
                c.jitEnabled(), c.ssoRequired(), c.enabled(), c.tenant().value(), expectedVersion) == 1;
    }

    void delete(TenantId tenant) {
        jdbc.update("DELETE FROM sso_domain_routes WHERE tenant_id = ?", tenant.value());
        jdbc.update("DELETE FROM sso_configurations WHERE tenant_id = ?", tenant.value());
    }

    /**
     * Claims exactly these domains for the tenant. A domain another tenant holds is invisible here (row-level
     * security) but still unique: the insert does nothing, and that is reported as a conflict naming the domain.
     */
    void claimDomains(TenantId tenant, List<String> domains) {
        jdbc.update("DELETE FROM sso_domain_routes WHERE tenant_id = ?", tenant.value());
        for (String domain : domains) {
            int inserted = jdbc.update("INSERT INTO sso_domain_routes (domain, tenant_id) VALUES (?, ?) "
                    + "ON CONFLICT (domain) DO NOTHING", domain, tenant.value());
            if (inserted == 0) {
                throw new ConflictException("allowed_domains", "The domain " + domain
                        + " is already used for single sign-on by another organisation.");
            }
        }
    }

    /** Only while no tenant is bound (the route_lookup policy): which tenant signs in e-mails of this domain. */
    Optional<TenantId> tenantOfDomain(String domain) {
        return jdbc.query("SELECT tenant_id FROM sso_domain_routes WHERE domain = ?",
                (rs, n) -> new TenantId(rs.getObject(1, UUID.class)), domain).stream().findFirst();
    }

    private static String textArray(List<String> values) {
        // Domains are validated to [a-z0-9.-], so no element needs quoting.
        return "{" + String.join(",", values) + "}";
    }

    private static String json(Map<String, Role> mappings) {
        Map<String, String> plain = new LinkedHashMap<>();
        mappings.forEach((group, role) -> plain.put(group, role.name()));
        return JSON.writeValueAsString(plain);
    }

    private static Map<String, Role> mappings(String json) {
        Map<String, Role> mappings = new LinkedHashMap<>();
        JSON.readValue(json, MAPPINGS).forEach((group, role) -> mappings.put(group, Role.valueOf(role)));
        return mappings;
    }

    private static final RowMapper<SsoConfiguration> ROW = SsoConfigurationStore::row;

    private static SsoConfiguration row(ResultSet rs, int n) throws SQLException {
        byte[] ciphertext = rs.getBytes("client_secret_ciphertext");
        SsoConfiguration.StoredSecret secret = ciphertext != null ? SsoConfiguration.StoredSecret.sealed(ciphertext)
                : SsoConfiguration.StoredSecret.inVault(rs.getString("client_secret_ref"));
        return new SsoConfiguration(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("issuer"),
                rs.getString("client_id"), secret, List.of((String[]) rs.getArray("allowed_domains").getArray()),
                rs.getString("groups_claim"), mappings(rs.getString("role_mappings")),
                Role.valueOf(rs.getString("default_role")), rs.getBoolean("jit_enabled"),
                rs.getBoolean("sso_required"), rs.getBoolean("enabled"), rs.getLong("version"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
