package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tollgate.support.Databases;
import io.tollgate.support.Databases.FixtureTenant;
import io.tollgate.support.Databases.TwoTenants;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The database as the last line (DESIGN §4): raw JDBC as the runtime role, no application code in between. With
 * tenant A bound nothing of tenant B can be read, changed, removed or created; with no tenant bound nothing at all.
 * Every case runs in its own transaction, bound with {@code set_config(..., true)} as its first statement; attempts
 * on another tenant's rows are committed and then checked from outside (as the superuser), the rest rolled back.
 */
@TollgateTest
class CrossTenantMatrixTest {

    private static final String RLS_VIOLATION = "42501";

    /** The tenant-owned tables, with how to find a fixture's row and how to write a new one. */
    enum TenantTable {
        MEMBERSHIPS("memberships", "role = 'VIEWER'") {
            @Override
            UUID rowOf(FixtureTenant fixture) {
                return fixture.membership();
            }

            @Override
            PreparedStatement insert(Connection connection, UUID tenant, FixtureTenant userFrom) throws SQLException {
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO memberships (tenant_id, id, user_id, role) VALUES (?, ?, ?, 'VIEWER')");
                insert.setObject(1, tenant);
                insert.setObject(2, UUID.randomUUID());
                insert.setObject(3, userFrom.user());
                return insert;
            }
        },
        INVITATIONS("invitations", "email = 'changed@example.com'") {
            @Override
            UUID rowOf(FixtureTenant fixture) {
                return fixture.invitation();
            }

            @Override
            PreparedStatement insert(Connection connection, UUID tenant, FixtureTenant userFrom) throws SQLException {
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO invitations (tenant_id, id, email, role, token_hash, invited_by, expires_at)
                        VALUES (?, ?, ?, 'VIEWER', ?, NULL, ?)""");
                insert.setObject(1, tenant);
                insert.setObject(2, UUID.randomUUID());
                insert.setString(3, "new-" + UUID.randomUUID() + "@example.com");
                insert.setString(4, "hash-" + UUID.randomUUID());
                insert.setTimestamp(5, Timestamp.from(Instant.now().plus(1, ChronoUnit.DAYS)));
                return insert;
            }
        };

        final String table;
        final String assignment;

        TenantTable(String table, String assignment) {
            this.table = table;
            this.assignment = assignment;
        }

        abstract UUID rowOf(FixtureTenant fixture);

        /** A new row for {@code tenant}; memberships take {@code userFrom}'s user (who has none there yet). */
        abstract PreparedStatement insert(Connection connection, UUID tenant, FixtureTenant userFrom)
                throws SQLException;
    }

    /** How "no tenant bound" looks to the session: never set, or set to '' by the binding. */
    enum Unbound {
        NEVER_SET, EMPTY_STRING
    }

    @Autowired
    Environment environment;

    Databases databases;
    TwoTenants tenants;
    FixtureTenant a;
    FixtureTenant b;
    Connection runtime;

    @BeforeEach
    void twoTenantsAndARuntimeConnection() throws SQLException {
        databases = Databases.of(environment);
        tenants = databases.twoTenants();
        a = tenants.a();
        b = tenants.b();
        runtime = databases.asRuntime();
        runtime.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        if (runtime != null) {
            runtime.rollback();
            runtime.close();
        }
    }

    // --- tenant A bound -------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void bound_tenant_sees_its_own_rows(TenantTable table) throws SQLException {
        bind(a.tenant(), null);

        assertThat(idsWhereId(table, table.rowOf(a))).containsExactly(table.rowOf(a));
        assertThat(tenantIdsVisible(table)).containsOnly(a.tenant());
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void bound_tenant_cannot_select_another_tenants_row_by_id(TenantTable table) throws SQLException {
        bind(a.tenant(), null);

        assertThat(idsWhereId(table, table.rowOf(b))).isEmpty();
        assertThat(count("SELECT count(*) FROM " + table.table + " WHERE tenant_id = ?", b.tenant())).isZero();
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void bound_tenant_cannot_update_another_tenants_row(TenantTable table) throws SQLException {
        bind(a.tenant(), null);

        assertThat(update("UPDATE " + table.table + " SET " + table.assignment + " WHERE id = ?", table.rowOf(b)))
                .isZero();
        assertThat(update("UPDATE " + table.table + " SET " + table.assignment + " WHERE tenant_id = ?", b.tenant()))
                .isZero();
        runtime.commit();
        assertThat(unchangedAsSuperuser(table, b)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void bound_tenant_can_update_its_own_row(TenantTable table) throws SQLException {
        bind(a.tenant(), null);

        assertThat(update("UPDATE " + table.table + " SET " + table.assignment + " WHERE id = ?", table.rowOf(a)))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void bound_tenant_cannot_delete_another_tenants_row(TenantTable table) throws SQLException {
        bind(a.tenant(), null);

        assertThat(update("DELETE FROM " + table.table + " WHERE id = ?", table.rowOf(b))).isZero();
        assertThat(update("DELETE FROM " + table.table + " WHERE tenant_id = ?", b.tenant())).isZero();
        runtime.commit();
        assertThat(unchangedAsSuperuser(table, b)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void bound_tenant_cannot_insert_a_row_for_another_tenant(TenantTable table) throws SQLException {
        bind(a.tenant(), null);

        try (PreparedStatement insert = table.insert(runtime, b.tenant(), a)) {
            assertThatExceptionOfType(SQLException.class).isThrownBy(insert::executeUpdate)
                    .satisfies(e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(RLS_VIOLATION))
                    .withMessageContaining("row-level security");
        }
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void bound_tenant_can_insert_a_row_for_itself(TenantTable table) throws SQLException {
        bind(a.tenant(), null);

        try (PreparedStatement insert = table.insert(runtime, a.tenant(), b)) {
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void bound_tenant_cannot_move_its_row_into_another_tenant(TenantTable table) throws SQLException {
        bind(a.tenant(), null);

        try (PreparedStatement move = runtime.prepareStatement(
                "UPDATE " + table.table + " SET tenant_id = ? WHERE id = ?")) {
            move.setObject(1, b.tenant());
            move.setObject(2, table.rowOf(a));
            assertThatExceptionOfType(SQLException.class).isThrownBy(move::executeUpdate)
                    .satisfies(e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(RLS_VIOLATION));
        }
    }

    // --- no tenant bound ------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void unbound_transaction_sees_no_rows_at_all(TenantTable table) throws SQLException {
        for (Unbound unbound : Unbound.values()) {
            unbind(unbound);
            assertThat(count("SELECT count(*) FROM " + table.table)).as(unbound.name()).isZero();
            assertThat(idsWhereId(table, table.rowOf(a))).as(unbound.name()).isEmpty();
            runtime.rollback();
        }
        assertThat(countAsSuperuser("SELECT count(*) FROM " + table.table + " WHERE tenant_id IN (?, ?)",
                a.tenant(), b.tenant())).as("positive control: the rows exist").isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void unbound_transaction_cannot_insert(TenantTable table) throws SQLException {
        for (Unbound unbound : Unbound.values()) {
            unbind(unbound);
            try (PreparedStatement insert = table.insert(runtime, a.tenant(), b)) {
                assertThatExceptionOfType(SQLException.class).as(unbound.name()).isThrownBy(insert::executeUpdate)
                        .satisfies(e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(RLS_VIOLATION));
            }
            runtime.rollback();
        }
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void unbound_transaction_cannot_update_or_delete(TenantTable table) throws SQLException {
        unbind(Unbound.NEVER_SET);

        assertThat(update("UPDATE " + table.table + " SET " + table.assignment + " WHERE id = ?", table.rowOf(a)))
                .isZero();
        assertThat(update("DELETE FROM " + table.table + " WHERE id = ?", table.rowOf(a))).isZero();
        runtime.commit();
        assertThat(unchangedAsSuperuser(table, a)).isTrue();
    }

    // --- own_memberships: a person lists their memberships across tenants, only while no tenant is bound ---

    @Test
    void signed_in_user_without_tenant_sees_exactly_their_own_memberships() throws SQLException {
        bind(null, a.user());

        assertThat(uuids("SELECT id FROM memberships")).containsExactly(a.membership());
        assertThat(count("SELECT count(*) FROM invitations")).as("invitations have no such policy").isZero();
    }

    @Test
    void own_memberships_policy_does_not_allow_writes() throws SQLException {
        bind(null, a.user());

        assertThat(update("UPDATE memberships SET role = 'VIEWER' WHERE id = ?", a.membership())).isZero();
        assertThat(update("DELETE FROM memberships WHERE id = ?", a.membership())).isZero();
        try (PreparedStatement insert = TenantTable.MEMBERSHIPS.insert(runtime, b.tenant(), a)) {
            assertThatExceptionOfType(SQLException.class).isThrownBy(insert::executeUpdate)
                    .satisfies(e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(RLS_VIOLATION));
        }
    }

    @Test
    void user_bound_inside_another_tenant_does_not_see_their_membership_elsewhere() throws SQLException {
        bind(b.tenant(), a.user());

        assertThat(idsWhereId(TenantTable.MEMBERSHIPS, a.membership())).isEmpty();
        assertThat(count("SELECT count(*) FROM memberships WHERE user_id = ?", a.user())).isZero();
        assertThat(uuids("SELECT id FROM memberships")).contains(b.membership()).doesNotContain(a.membership());
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private void bind(UUID tenant, UUID user) throws SQLException {
        try (PreparedStatement bind = runtime.prepareStatement(
                "SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true)")) {
            bind.setString(1, tenant == null ? "" : tenant.toString());
            bind.setString(2, user == null ? "" : user.toString());
            bind.execute();
        }
    }

    private void unbind(Unbound unbound) throws SQLException {
        if (unbound == Unbound.EMPTY_STRING) {
            bind(null, null);
        }
    }

    private List<UUID> idsWhereId(TenantTable table, UUID id) throws SQLException {
        return uuids("SELECT id FROM " + table.table + " WHERE id = ?", id);
    }

    private List<UUID> tenantIdsVisible(TenantTable table) throws SQLException {
        return uuids("SELECT DISTINCT tenant_id FROM " + table.table);
    }

    private List<UUID> uuids(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement query = prepared(runtime, sql, parameters); ResultSet rs = query.executeQuery()) {
            List<UUID> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getObject(1, UUID.class));
            }
            return values;
        }
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement query = prepared(runtime, sql, parameters); ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepared(runtime, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private long countAsSuperuser(String sql, Object... parameters) throws SQLException {
        try (Connection connection = databases.asSuperuser();
             PreparedStatement query = prepared(connection, sql, parameters);
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The fixture row is still there, unchanged (the assignment the test tried did not happen). */
    private boolean unchangedAsSuperuser(TenantTable table, FixtureTenant owner) throws SQLException {
        return countAsSuperuser("SELECT count(*) FROM " + table.table + " WHERE tenant_id = ? AND id = ? AND NOT ("
                + table.assignment + ")", owner.tenant(), table.rowOf(owner)) == 1;
    }

    private static PreparedStatement prepared(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
