package io.tollgate.identity.internal.keys;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiScope;
import io.tollgate.identity.TeamId;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** SQL for API keys and their global routes. Every call runs in the caller's (tenant-bound) transaction. */
@Repository
class ApiKeyStore {

    private static final String SELECT = """
            SELECT k.id, k.agent_id, a.name AS agent_name, p.team_id, k.public_id, k.name, k.secret_hash, k.scopes,
                   k.allowed_cidrs, k.expires_at, k.created_at, k.created_by, k.rotated_from, k.revoked_at,
                   k.last_used_at
            FROM api_keys k
            JOIN agents a ON a.tenant_id = k.tenant_id AND a.id = k.agent_id
            JOIN projects p ON p.tenant_id = a.tenant_id AND p.id = a.project_id
            """;

    private final JdbcTemplate jdbc;

    ApiKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, UUID id, AgentId agent, String publicId, String name, String secretHash,
                Set<ApiScope> scopes, List<String> cidrs, @Nullable Instant expiresAt, String createdBy,
                @Nullable UUID rotatedFrom) {
        jdbc.update("""
                INSERT INTO api_keys (tenant_id, id, agent_id, public_id, name, secret_hash, scopes, allowed_cidrs,
                                      expires_at, created_by, rotated_from)
                VALUES (?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?, ?, ?)""",
                tenant.value(), id, agent.value(), publicId, name, secretHash, arrayLiteral(scopeValues(scopes)),
                arrayLiteral(cidrs), timestamp(expiresAt), createdBy, rotatedFrom);
        jdbc.update("INSERT INTO api_key_routes (public_id, tenant_id) VALUES (?, ?)", publicId, tenant.value());
    }

    /** Only while no tenant is bound (the route_lookup policy). */
    Optional<TenantId> tenantOf(String publicId) {
        return jdbc.query("SELECT tenant_id FROM api_key_routes WHERE public_id = ?",
                (rs, n) -> new TenantId(rs.getObject(1, UUID.class)), publicId).stream().findFirst();
    }

    Optional<ApiKeyRecord> byPublicId(String publicId) {
        return jdbc.query(SELECT + " WHERE k.public_id = ?", ROW, publicId).stream().findFirst();
    }

    Optional<ApiKeyRecord> byId(UUID id) {
        return jdbc.query(SELECT + " WHERE k.id = ?", ROW, id).stream().findFirst();
    }

    Optional<ApiKeyRecord> byIdForUpdate(UUID id) {
        jdbc.query("SELECT 1 FROM api_keys WHERE id = ? FOR UPDATE", (rs, n) -> 1, id);
        return byId(id);
    }

    /** Newest first; {@code teams} null means every team. */
    List<ApiKeyRecord> list(@Nullable AgentId agent, @Nullable Collection<TeamId> teams, @Nullable UUID before,
                            int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE true");
        List<Object> args = new java.util.ArrayList<>();
        if (agent != null) {
            sql.append(" AND k.agent_id = ?");
            args.add(agent.value());
        }
        if (teams != null) {
            sql.append(" AND p.team_id = ANY (?::uuid[])");
            args.add(arrayLiteral(teams.stream().map(TeamId::toString).toList()));
        }
        if (before != null) {
            sql.append(" AND k.id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY k.id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /** The agent's keys that are not revoked yet, row-locked so none is rotated or revoked concurrently. */
    List<ApiKeyRecord> unrevokedOfForUpdate(AgentId agent) {
        jdbc.query("SELECT 1 FROM api_keys WHERE agent_id = ? AND revoked_at IS NULL FOR UPDATE", (rs, n) -> 1,
                agent.value());
        return jdbc.query(SELECT + " WHERE k.agent_id = ? AND k.revoked_at IS NULL ORDER BY k.id", ROW,
                agent.value());
    }

    void revoke(UUID id) {
        jdbc.update("UPDATE api_keys SET revoked_at = now(), version = version + 1 WHERE id = ? AND revoked_at IS NULL",
                id);
    }

    void expireAt(UUID id, Instant at) {
        jdbc.update("""
                UPDATE api_keys SET expires_at = least(coalesce(expires_at, ?), ?), version = version + 1
                WHERE id = ?""", timestamp(at), timestamp(at), id);
    }

    /** Moves last_used_at forward only, so replicas flushing in any order never move it back. */
    void touch(Map<UUID, Instant> lastUsed) {
        jdbc.batchUpdate("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                lastUsed.entrySet().stream()
                        .map(e -> new Object[] {timestamp(e.getValue()), e.getKey(), timestamp(e.getValue())})
                        .toList());
    }

    private static final RowMapper<ApiKeyRecord> ROW = (rs, n) -> new ApiKeyRecord(
            rs.getObject("id", UUID.class), new AgentId(rs.getObject("agent_id", UUID.class)),
            rs.getString("agent_name"), new TeamId(rs.getObject("team_id", UUID.class)), rs.getString("public_id"),
            rs.getString("name"), rs.getString("secret_hash"), scopes(rs.getArray("scopes")),
            List.of(strings(rs.getArray("allowed_cidrs"))), instant(rs, "expires_at"), instant(rs, "created_at"),
            rs.getString("created_by"), rs.getObject("rotated_from", UUID.class), instant(rs, "revoked_at"),
            instant(rs, "last_used_at"));

    private static Set<ApiScope> scopes(Array array) throws SQLException {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        Arrays.stream(strings(array)).map(ApiScope::fromValue).flatMap(Optional::stream).forEach(scopes::add);
        return scopes;
    }

    private static String[] strings(Array array) throws SQLException {
        return (String[]) array.getArray();
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static List<String> scopeValues(Set<ApiScope> scopes) {
        return scopes.stream().sorted().map(ApiScope::value).toList();
    }

    /** A PostgreSQL array literal of validated values (scopes, CIDRs, UUIDs): none contains quotes or commas. */
    private static String arrayLiteral(Collection<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "{", "}"));
    }
}
