package io.tollgate.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.core.env.Environment;

/**
 * Plain JDBC connections to the database the application context uses, as each of its three roles: the runtime role
 * the app connects as ({@code spring.datasource.*}), the owner role that runs Liquibase ({@code spring.liquibase.*})
 * and the embedded server's superuser {@code postgres}. Tests use them to look at the database from outside the app.
 */
public final class Databases {

    public static final String SUPERUSER = "postgres";

    private final Environment environment;

    private Databases(Environment environment) {
        this.environment = environment;
    }

    public static Databases of(Environment environment) {
        return new Databases(environment);
    }

    public String url() {
        return environment.getRequiredProperty("spring.datasource.url");
    }

    public String runtimeRole() {
        return environment.getRequiredProperty("spring.datasource.username");
    }

    public String ownerRole() {
        return environment.getRequiredProperty("spring.liquibase.user");
    }

    /** As the runtime role: exactly what the application itself is allowed to see and do. */
    public Connection asRuntime() throws SQLException {
        return DriverManager.getConnection(url(), runtimeRole(),
                environment.getProperty("spring.datasource.password", ""));
    }

    /** As the owner role: owns the tables, but FORCE ROW LEVEL SECURITY still applies to it. */
    public Connection asOwner() throws SQLException {
        return DriverManager.getConnection(environment.getProperty("spring.liquibase.url", url()), ownerRole(),
                environment.getProperty("spring.liquibase.password", ""));
    }

    /** As the embedded server's superuser (trust auth): bypasses row-level security, for fixtures only. */
    public Connection asSuperuser() throws SQLException {
        return DriverManager.getConnection(url(), SUPERUSER, "");
    }

    /** One tenant's fixture rows: the tenant, a person, their membership and an invitation they issued. */
    public record FixtureTenant(UUID tenant, String slug, UUID user, String email, UUID membership,
                                UUID invitation) {
    }

    public record TwoTenants(FixtureTenant a, FixtureTenant b) {
    }

    /** Inserts two unrelated tenants with unique slugs and e-mails (as the superuser, so RLS does not interfere). */
    public TwoTenants twoTenants() throws SQLException {
        try (Connection connection = asSuperuser()) {
            connection.setAutoCommit(false);
            FixtureTenant a = insertTenant(connection, "rls-a");
            FixtureTenant b = insertTenant(connection, "rls-b");
            connection.commit();
            return new TwoTenants(a, b);
        }
    }

    private static FixtureTenant insertTenant(Connection connection, String label) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String slug = label + "-" + suffix;
        String email = slug + "@example.com";
        FixtureTenant fixture = new FixtureTenant(UUID.randomUUID(), slug, UUID.randomUUID(), email,
                UUID.randomUUID(), UUID.randomUUID());
        try (PreparedStatement tenant = connection.prepareStatement(
                "INSERT INTO tenants (id, slug, name, status, time_zone) VALUES (?, ?, ?, 'ACTIVE', 'UTC')");
             PreparedStatement user = connection.prepareStatement(
                     "INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, ?, NULL)");
             PreparedStatement membership = connection.prepareStatement(
                     "INSERT INTO memberships (tenant_id, id, user_id, role) VALUES (?, ?, ?, 'OWNER')");
             PreparedStatement invitation = connection.prepareStatement("""
                     INSERT INTO invitations (tenant_id, id, email, role, token_hash, invited_by, expires_at)
                     VALUES (?, ?, ?, 'VIEWER', ?, ?, ?)""")) {
            tenant.setObject(1, fixture.tenant());
            tenant.setString(2, slug);
            tenant.setString(3, "Fixture " + slug);
            tenant.executeUpdate();

            user.setObject(1, fixture.user());
            user.setString(2, email);
            user.setString(3, "Owner " + slug);
            user.executeUpdate();

            membership.setObject(1, fixture.tenant());
            membership.setObject(2, fixture.membership());
            membership.setObject(3, fixture.user());
            membership.executeUpdate();

            invitation.setObject(1, fixture.tenant());
            invitation.setObject(2, fixture.invitation());
            invitation.setString(3, "invitee-" + email);
            invitation.setString(4, "hash-" + UUID.randomUUID());
            invitation.setObject(5, fixture.membership());
            invitation.setTimestamp(6, Timestamp.from(Instant.now().plus(7, ChronoUnit.DAYS)));
            invitation.executeUpdate();
        }
        return fixture;
    }
}
