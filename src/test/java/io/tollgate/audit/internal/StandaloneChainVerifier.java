package io.tollgate.audit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;

import io.tollgate.audit.AuditVerification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The application's chain verifier run on a connection of any database, outside an application context. */
public final class StandaloneChainVerifier {

    private StandaloneChainVerifier() {
    }

    /** Verifies {@code tenant}'s chain in one transaction on {@code connection}, bound to the tenant as the app binds. */
    public static AuditVerification verify(Connection connection, UUID tenant) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement bind = connection.prepareStatement(
                "SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', '', true)")) {
            bind.setString(1, tenant.toString());
            bind.execute();
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            return new AuditChainVerifier(new AuditStore(jdbc), Clock.systemUTC()).verifyBoundTenant();
        } finally {
            connection.rollback();
        }
    }
}
