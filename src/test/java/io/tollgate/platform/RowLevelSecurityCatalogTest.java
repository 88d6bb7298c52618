package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * DESIGN §4 read straight from the catalog: every table carrying {@code tenant_id} has ENABLE + FORCE row-level
 * security and exactly the tenant policy (USING and WITH CHECK {@code tenant_id = app.tenant_id}); any further
 * policy is one of the known SELECT widenings, word for word.
 * The runtime role is no superuser, cannot bypass RLS and owns nothing (an owner could switch RLS off).
 */
@TollgateTest
class RowLevelSecurityCatalogTest {

    @Autowired
    Environment environment;

    Databases databases;

    @BeforeEach
    void connect() {
        databases = Databases.of(environment);
    }

    @Test
    void every_tenant_table_forces_rls_with_a_tenant_policy_on_reads_and_writes() throws SQLException {
        try (Connection connection = databases.asSuperuser()) {
            Set<String> tenantTables = tenantTables(connection);
            List<String> violations = rlsViolations(connection);

            assertThat(tenantTables).contains("memberships", "invitations");
            assertThat(violations).as("tables with tenant_id that row-level security does not guard").isEmpty();
        }
    }

    @Test
    void the_checker_reports_a_tenant_table_without_rls() throws SQLException {
        String probe = "rls_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection owner = databases.asOwner(); Statement ddl = owner.createStatement()) {
            ddl.execute("CREATE TABLE " + probe + " (tenant_id uuid NOT NULL, id uuid NOT NULL)");
            try (Connection connection = databases.asSuperuser()) {
                assertThat(tenantTables(connection)).contains(probe);
                assertThat(rlsViolations(connection))
                        .anySatisfy(violation -> assertThat(violation).startsWith(probe + ":"));
            } finally {
                ddl.execute("DROP TABLE IF EXISTS " + probe);
            }
        }
    }

    @Test
    void the_checker_reports_a_tenant_table_whose_extra_policy_allows_writes() throws SQLException {
        String probe = "rls_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection owner = databases.asOwner(); Statement ddl = owner.createStatement()) {
            ddl.execute("CREATE TABLE " + probe + " (tenant_id uuid NOT NULL, id uuid NOT NULL)");
            try {
                ddl.execute("ALTER TABLE " + probe + " ENABLE ROW LEVEL SECURITY");
                ddl.execute("ALTER TABLE " + probe + " FORCE ROW LEVEL SECURITY");
                ddl.execute("CREATE POLICY tenant_isolation ON " + probe
                        + " USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))"
                        + " WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))");
                ddl.execute("CREATE POLICY everything ON " + probe + " FOR UPDATE USING (true)");
                try (Connection connection = databases.asSuperuser()) {
                    assertThat(rlsViolations(connection))
                            .anySatisfy(violation -> assertThat(violation).startsWith(probe + ":")
                                    .contains("everything"));
                }
            } finally {
                ddl.execute("DROP TABLE IF EXISTS " + probe);
            }
        }
    }

    @Test
    void the_checker_reports_a_widened_tenant_policy_and_an_unknown_select_policy() throws SQLException {
        String probe = "rls_probe_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection owner = databases.asOwner(); Statement ddl = owner.createStatement()) {
            ddl.execute("CREATE TABLE " + probe + " (tenant_id uuid NOT NULL, id uuid NOT NULL, shared boolean)");
            try {
                ddl.execute("ALTER TABLE " + probe + " ENABLE ROW LEVEL SECURITY");
                ddl.execute("ALTER TABLE " + probe + " FORCE ROW LEVEL SECURITY");
                ddl.execute("CREATE POLICY tenant_isolation ON " + probe
                        + " USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid)"
                        + " OR shared)"
                        + " WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))");
                ddl.execute("CREATE POLICY peek ON " + probe + " FOR SELECT USING (shared)");
                try (Connection connection = databases.asSuperuser()) {
                    assertThat(rlsViolations(connection).stream().filter(v -> v.startsWith(probe + ":")))
                            .anySatisfy(v -> assertThat(v).contains("no policy with USING and WITH CHECK"))
                            .anySatisfy(v -> assertThat(v).contains("peek").contains("not a known widening"));
                }
            } finally {
                ddl.execute("DROP TABLE IF EXISTS " + probe);
            }
        }
    }

    @Test
    void runtime_role_is_no_superuser_and_cannot_bypass_rls() throws SQLException {
        try (Connection connection = databases.asSuperuser();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, databases.runtimeRole());
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("runtime role %s exists", databases.runtimeRole()).isTrue();
                assertThat(rs.getBoolean("rolsuper")).as("rolsuper").isFalse();
                assertThat(rs.getBoolean("rolbypassrls")).as("rolbypassrls").isFalse();
            }
        }
    }

    @Test
    void runtime_role_owns_no_relation_and_is_no_member_of_an_owner() throws SQLException {
        try (Connection connection = databases.asSuperuser()) {
            List<String> owned = strings(connection, """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = ?)""",
                    databases.runtimeRole());
            List<String> viaMembership = strings(connection, """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND pg_has_role(?, c.relowner, 'MEMBER')""",
                    databases.runtimeRole());
            List<String> ownerTables = strings(connection, """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = ?)""",
                    databases.ownerRole());

            assertThat(ownerTables).as("positive control: the owner role owns the tables")
                    .contains("memberships", "invitations");
            assertThat(owned).as("relations the runtime role owns").isEmpty();
            assertThat(viaMembership).as("relations owned by a role the runtime role is a member of").isEmpty();
        }
    }

    /** Ordinary and partitioned tables in {@code public} with a {@code tenant_id} column. */
    static Set<String> tenantTables(Connection connection) throws SQLException {
        return new TreeSet<>(strings(connection, """
                SELECT c.relname FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                  AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped"""));
    }

    /** One line per problem, each starting with {@code table:}; empty when every tenant table is guarded. */
    static List<String> rlsViolations(Connection connection) throws SQLException {
        List<String> violations = new ArrayList<>();
        for (String table : tenantTables(connection)) {
            try (PreparedStatement flags = connection.prepareStatement("""
                    SELECT c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = ?""")) {
                flags.setString(1, table);
                try (ResultSet rs = flags.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        violations.add(table + ": row level security is not enabled");
                    }
                    if (!rs.getBoolean(2)) {
                        violations.add(table + ": row level security is not forced (the owner bypasses it)");
                    }
                }
            }
            boolean tenantPolicy = false;
            try (PreparedStatement policies = connection.prepareStatement("""
                    SELECT policyname, cmd, permissive, qual, with_check FROM pg_policies
                    WHERE schemaname = 'public' AND tablename = ? ORDER BY policyname""")) {
                policies.setString(1, table);
                try (ResultSet rs = policies.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString("policyname");
                        String cmd = rs.getString("cmd");
                        String qual = rs.getString("qual");
                        String check = rs.getString("with_check");
                        boolean permissive = "PERMISSIVE".equals(rs.getString("permissive"));
                        boolean isolates = "ALL".equals(cmd) && permissive
                                && TENANT_MATCH.equals(normalized(qual)) && TENANT_MATCH.equals(normalized(check));
                        if (isolates) {
                            tenantPolicy = true;
                        } else if (!"SELECT".equals(cmd)) {
                            violations.add(table + ": policy " + name + " (" + cmd
                                    + ") is neither the tenant policy nor SELECT-only");
                        } else if (!normalized(qual).equals(SELECT_WIDENINGS.get(table + "." + name))) {
                            violations.add(table + ": SELECT policy " + name + " is not a known widening: "
                                    + normalized(qual));
                        }
                    }
                }
            }
            if (!tenantPolicy) {
                violations.add(table + ": no policy with USING and WITH CHECK on app.tenant_id");
            }
        }
        return violations;
    }

    /** The tenant policy's USING and WITH CHECK, as PostgreSQL prints them back. */
    static final String TENANT_MATCH =
            "(tenant_id = ( SELECT (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid AS \"nullif\"))";

    private static final String NO_TENANT_BOUND = "(NULLIF(current_setting('app.tenant_id'::text, true), ''::text) IS NULL)";

    /**
     * The only SELECT policies allowed beside the tenant policy, exactly: routing look-ups before a tenant is bound,
     * and a signed-in person's own memberships when choosing an organisation.
     */
    static final Map<String, String> SELECT_WIDENINGS = Map.of(
            "api_key_routes.route_lookup", NO_TENANT_BOUND,
            "trusted_issuer_routes.route_lookup", NO_TENANT_BOUND,
            "sso_domain_routes.route_lookup", NO_TENANT_BOUND,
            "memberships.own_memberships", "((NULLIF(current_setting('app.tenant_id'::text, true), ''::text) IS NULL) "
                    + "AND (user_id = ( SELECT (NULLIF(current_setting('app.user_id'::text, true), ''::text))::uuid "
                    + "AS \"nullif\")))");

    private static String normalized(String expression) {
        return expression == null ? "" : expression.replaceAll("\\s+", " ").strip();
    }

    private static List<String> strings(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
