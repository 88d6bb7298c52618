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
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tollgate.support.Databases;
import io.tollgate.support.Databases.TwoTenants;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Row-level security by behaviour, one test per tenant table of the catalogue (so a new table is covered the day it
 * is created): a row of tenant A is written, then tenant B, through the runtime role, reads, updates and deletes
 * A's rows and touches none; with no tenant bound nothing is seen either, except the routing tables whose look-up
 * policy is there by design. Each table runs in one transaction that is rolled back, so nothing is left behind.
 */
@TollgateTest
class TenantTableIsolationTest {

    /** Routing tables resolve a credential or an e-mail domain to its tenant before any tenant is bound. */
    static final Set<String> READABLE_UNBOUND = Set.of("api_key_routes", "trusted_issuer_routes", "sso_domain_routes");

    /**
     * Values the generic row cannot guess: a pattern check, or a check across columns. A new table whose checks
     * defeat the generic row fails its test until it gets an entry here.
     */
    static final Map<String, String> VALUES = Map.of(
            "audit_archives.manifest_sha256", "repeat('a', 64)",
            "adjustments.kind", "'CORRECTION'",
            "adjustments.budget_id", "gen_random_uuid()",
            "api_keys.public_id", "substr(md5(random()::text), 1, 16)",
            "sso_configurations.client_secret_ref", "'vault:secret/sso'");

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final Pattern ALLOWED_LITERAL = Pattern.compile("'((?:[^']|'')*)'::");

    @Autowired
    Environment environment;

    @TestFactory
    Stream<DynamicTest> tenant_b_neither_sees_nor_changes_a_row_of_tenant_a() throws SQLException {
        Databases databases = Databases.of(environment);
        TwoTenants tenants = databases.twoTenants();
        List<String> tables;
        try (Connection connection = databases.asSuperuser()) {
            tables = List.copyOf(RowLevelSecurityCatalogTest.tenantTables(connection));
        }
        assertThat(tables).contains("reservations", "audit_events", "api_keys");
        return tables.stream().map(table -> DynamicTest.dynamicTest(table,
                () -> isolates(databases, table, tenants.a().tenant(), tenants.b().tenant())));
    }

    private void isolates(Databases databases, String table, UUID a, UUID b) throws SQLException {
        try (Connection connection = databases.asSuperuser()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                // Foreign keys and triggers are not the subject here: RLS is decided by tenant_id alone.
                sql.execute("SET LOCAL session_replication_role = replica");
                // A table filled when a tenant is created (one row per tenant) has A's row already.
                if (count(connection, table, a) == 0) {
                    insertRowOf(connection, table, a);
                }
                long rowsOfA = count(connection, table, a);
                assertThat(rowsOfA).as("positive control: A has a row").isPositive();

                sql.execute("SET LOCAL ROLE " + databases.runtimeRole());
                bind(connection, a);
                assertThat(count(connection, table, a)).as("positive control: A sees its rows").isEqualTo(rowsOfA);

                bind(connection, b);
                assertThat(count(connection, table, a)).as("A's rows that B reads").isZero();
                // Blind writes (no WHERE that reads a column), so SELECT policies cannot hide a leaky write policy.
                assertThat(rowsOfAAfter(connection, table, a, "UPDATE " + table + " SET tenant_id = '" + b + "'"))
                        .as("A's rows after B moves every row it may update to itself").isEqualTo(rowsOfA);
                assertThat(rowsOfAAfter(connection, table, a, "DELETE FROM " + table))
                        .as("A's rows after B deletes every row it may").isEqualTo(rowsOfA);

                bind(connection, null);
                assertThat(count(connection, table, a)).as("A's rows seen with no tenant bound")
                        .isEqualTo(READABLE_UNBOUND.contains(table) ? rowsOfA : 0);
                assertThat(rowsOfAAfter(connection, table, a, "DELETE FROM " + table))
                        .as("A's rows after a delete with no tenant bound").isEqualTo(rowsOfA);
            } finally {
                connection.rollback();
            }
        }
    }

    /** One row for {@code tenant}: defaults where the table has them, otherwise a value its type and checks accept. */
    private static void insertRowOf(Connection connection, String table, UUID tenant) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, d.adbin IS NOT NULL,
                       a.attidentity <> '' OR a.attgenerated <> ''
                FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = ('public.' || ?)::regclass AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    boolean required = rs.getBoolean(3) && !rs.getBoolean(4) && !rs.getBoolean(5);
                    String given = VALUES.get(table + "." + column);
                    if (column.equals("tenant_id")) {
                        columns.add(column);
                        values.add("'" + tenant + "'");
                    } else if (given != null) {
                        columns.add(column);
                        values.add(given);
                    } else if (required) {
                        columns.add(column);
                        values.add(valueFor(connection, table, column, rs.getString(2)));
                    }
                }
            }
        }
        try (Statement insert = connection.createStatement()) {
            insert.executeUpdate("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", values) + ")");
        }
    }

    private static String valueFor(Connection connection, String table, String column, String type)
            throws SQLException {
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String allowed = firstAllowedLiteral(connection, table, column);
        String text = "'" + (allowed == null ? "iso-" + unique : allowed) + "'";
        if (type.endsWith("[]")) {
            return "ARRAY[" + text + "]::" + type;
        }
        if (allowed != null) {
            return text;
        }
        return switch (type.replaceAll("\\(.*\\)", "")) {
            case "uuid" -> "'" + UUID.randomUUID() + "'";
            case "boolean" -> "false";
            case "smallint", "integer", "bigint", "numeric", "real", "double precision" -> "1";
            case "timestamp with time zone", "timestamp without time zone", "date" -> "now()";
            case "interval" -> "interval '1 hour'";
            case "jsonb", "json" -> "'{}'";
            case "bytea" -> "'\\x00'::bytea";
            case "character" -> "'x'";
            default -> text;
        };
    }

    /** The first literal of a CHECK constraint on {@code column} alone, like {@code state IN ('A', 'B')}; no patterns. */
    private static String firstAllowedLiteral(Connection connection, String table, String column)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                WHERE c.contype = 'c' AND c.conrelid = ('public.' || ?)::regclass AND a.attname = ?
                  AND cardinality(c.conkey) = 1""")) {
            query.setString(1, table);
            query.setString(2, column);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String definition = rs.getString(1);
                    Matcher literal = ALLOWED_LITERAL.matcher(definition);
                    if (!definition.contains(" ~ ") && literal.find()) {
                        return literal.group(1);
                    }
                }
            }
        }
        return null;
    }

    private static void bind(Connection connection, UUID tenant) throws SQLException {
        try (PreparedStatement bind = connection.prepareStatement(
                "SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', '', true)")) {
            bind.setString(1, tenant == null ? "" : tenant.toString());
            bind.execute();
        }
    }

    private static long count(Connection connection, String table, UUID tenant) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM " + table + " WHERE tenant_id = ?")) {
            query.setObject(1, tenant);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Runs {@code write} as the current role and binding, then counts A's rows as the superuser sees them; the write,
     * the count's role switch and any refusal for want of a privilege are rolled back before returning.
     */
    private static long rowsOfAAfter(Connection connection, String table, UUID a, String write) throws SQLException {
        var savepoint = connection.setSavepoint();
        try (Statement sql = connection.createStatement()) {
            try {
                sql.executeUpdate(write);
            } catch (SQLException e) {
                if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(savepoint);
                savepoint = connection.setSavepoint();
            }
            sql.execute("RESET ROLE");
            return count(connection, table, a);
        } finally {
            connection.rollback(savepoint);
        }
    }
}
