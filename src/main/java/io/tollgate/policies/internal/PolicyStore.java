package io.tollgate.policies.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.platform.TenantId;
import io.tollgate.policies.OnError;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RuleScope;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The current tenant's draft rules, the draft's version and the published bundle versions (RLS). */
@Component
class PolicyStore {

    private static final String RULE_COLUMNS = """
            id, name, description, scope_kind, scope_target, team_id, condition, effect, approval_tier, on_error,
            enabled, version, created_by, created_at, updated_at""";
    private static final String VERSION_COLUMNS = """
            number, author, note, content_hash, rules, conflicts_acknowledged, rolled_back_to, created_at""";

    private final JdbcTemplate jdbc;

    PolicyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The draft's rules in bundle order (oldest first). */
    List<StoredRule> rules() {
        return jdbc.query("SELECT " + RULE_COLUMNS + " FROM policy_rules ORDER BY created_at, id", PolicyStore::rule);
    }

    int ruleCount() {
        return jdbc.queryForObject("SELECT count(*) FROM policy_rules", Integer.class);
    }

    Optional<StoredRule> find(UUID id) {
        return jdbc.query("SELECT " + RULE_COLUMNS + " FROM policy_rules WHERE id = ?", PolicyStore::rule, id)
                .stream().findFirst();
    }

    Optional<StoredRule> lock(UUID id) {
        return jdbc.query("SELECT " + RULE_COLUMNS + " FROM policy_rules WHERE id = ? FOR UPDATE", PolicyStore::rule,
                id).stream().findFirst();
    }

    void insert(TenantId tenant, UUID id, PolicyRule r, @Nullable UUID team, String createdBy) {
        jdbc.update("""
                        INSERT INTO policy_rules (tenant_id, id, name, description, scope_kind, scope_target, team_id,
                          condition, effect, approval_tier, on_error, enabled, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", tenant.value(), id, r.name(),
                r.description(), r.scope().kind().name(), r.scope().target(), team, r.condition(), r.effect().name(),
                r.approvalTier(), r.onError().name(), r.enabled(), createdBy);
    }

    void update(UUID id, PolicyRule r, @Nullable UUID team) {
        jdbc.update("""
                        UPDATE policy_rules SET name = ?, description = ?, scope_kind = ?, scope_target = ?, team_id = ?,
                          condition = ?, effect = ?, approval_tier = ?, on_error = ?, enabled = ?,
                          version = version + 1, updated_at = now()
                        WHERE id = ?""", r.name(), r.description(), r.scope().kind().name(), r.scope().target(), team,
                r.condition(), r.effect().name(), r.approvalTier(), r.onError().name(), r.enabled(), id);
    }

    void delete(UUID id) {
        jdbc.update("DELETE FROM policy_rules WHERE id = ?", id);
    }

    /** The draft's version: 0 until the first change; every rule change moves it on. */
    long draftVersion() {
        return jdbc.query("SELECT version FROM policy_drafts", (rs, i) -> rs.getLong(1)).stream().findFirst()
                .orElse(0L);
    }

    void bumpDraft(TenantId tenant) {
        jdbc.update("""
                INSERT INTO policy_drafts (tenant_id, version) VALUES (?, 1)
                ON CONFLICT (tenant_id) DO UPDATE SET version = policy_drafts.version + 1, updated_at = now()""",
                tenant.value());
    }

    /** Locks the draft (publishing and rule changes serialise on it) and answers its version. */
    long lockDraft(TenantId tenant) {
        jdbc.update("INSERT INTO policy_drafts (tenant_id, version) VALUES (?, 0) ON CONFLICT (tenant_id) DO NOTHING",
                tenant.value());
        return jdbc.queryForObject("SELECT version FROM policy_drafts FOR UPDATE", Long.class);
    }

    long latestNumber() {
        Long n = jdbc.queryForObject("SELECT max(number) FROM policy_bundle_versions", Long.class);
        return n == null ? 0 : n;
    }

    Optional<BundleVersion> latest() {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM policy_bundle_versions ORDER BY number DESC LIMIT 1",
                PolicyStore::version).stream().findFirst();
    }

    Optional<BundleVersion> version(long number) {
        return jdbc.query("SELECT " + VERSION_COLUMNS + " FROM policy_bundle_versions WHERE number = ?",
                PolicyStore::version, number).stream().findFirst();
    }

    /** Versions newest first, those below {@code before} when given. */
    List<BundleVersion> versions(@Nullable Long before, int limit) {
        return before == null
                ? jdbc.query("SELECT " + VERSION_COLUMNS + " FROM policy_bundle_versions ORDER BY number DESC LIMIT ?",
                PolicyStore::version, limit)
                : jdbc.query("SELECT " + VERSION_COLUMNS
                + " FROM policy_bundle_versions WHERE number < ? ORDER BY number DESC LIMIT ?",
                PolicyStore::version, before, limit);
    }

    /** Inserts the next version (the caller holds the draft lock, so numbers never race). */
    BundleVersion insertVersion(TenantId tenant, long number, String author, String note, List<PolicyRule> rules,
                                boolean acknowledged, @Nullable Long rolledBackTo) {
        String json = RuleJson.write(rules);
        return jdbc.queryForObject("""
                        INSERT INTO policy_bundle_versions (tenant_id, number, author, note, content_hash, rules,
                          rule_count, conflicts_acknowledged, rolled_back_to)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) RETURNING\s""" + VERSION_COLUMNS,
                PolicyStore::version, tenant.value(), number, author, note, RuleJson.hash(json), json, rules.size(),
                acknowledged, rolledBackTo);
    }

    private static StoredRule rule(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        PolicyRule rule = new PolicyRule(StoredRule.apiId(id), rs.getString("name"), rs.getString("description"),
                new RuleScope(RuleScope.Kind.valueOf(rs.getString("scope_kind")), rs.getString("scope_target")),
                rs.getString("condition"), PolicyEffect.valueOf(rs.getString("effect")),
                rs.getString("approval_tier"), OnError.valueOf(rs.getString("on_error")), rs.getBoolean("enabled"));
        return new StoredRule(id, rule, rs.getObject("team_id", UUID.class), rs.getLong("version"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static BundleVersion version(ResultSet rs, int row) throws SQLException {
        Object back = rs.getObject("rolled_back_to");
        return new BundleVersion(rs.getLong("number"), rs.getString("author"), rs.getString("note"),
                rs.getString("content_hash"), RuleJson.read(rs.getString("rules")),
                rs.getBoolean("conflicts_acknowledged"), back == null ? null : ((Number) back).longValue(),
                rs.getTimestamp("created_at").toInstant());
    }
}
