package io.tollgate.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.tollgate.audit.AuditVerification;
import io.tollgate.audit.internal.StandaloneChainVerifier;
import io.tollgate.budgets.LedgerChecks;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/**
 * Issue 21, item 5: an upgrade of a populated database, not an empty one. The newest committed snapshot
 * ({@code src/test/resources/upgrade/}, written by {@code scripts/upgrade-snapshot.sh} from a release) is loaded into a
 * fresh database at that release's schema, the current changelog migrates it, and the ledger invariants and every
 * tenant's audit chain must still hold, with every row still there.
 */
@TollgateTest
class PopulatedUpgradeTest {

    static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";

    @Autowired
    Environment environment;

    @Test
    void the_newest_release_snapshot_migrates_to_the_current_changelog_with_its_ledger_and_audit_intact()
            throws Exception {
        Path snapshot = newestSnapshot();
        List<String> statements = Files.readAllLines(snapshot);
        int releaseChangesets = Integer.parseInt(statements.get(1).replace("-- changesets: ", ""));
        Databases test = Databases.of(environment);
        String database = "upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = test.asSuperuser(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database + " OWNER " + test.ownerRole());
        }
        Databases upgraded = Databases.of(new MockEnvironment()
                .withProperty("spring.datasource.url", test.url().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1"))
                .withProperty("spring.datasource.username", test.runtimeRole())
                .withProperty("spring.liquibase.user", test.ownerRole()));

        migrate(upgraded, releaseChangesets);
        assertThat(count(upgraded, "SELECT count(*) FROM databasechangelog")).as("at the release's schema")
                .isEqualTo(releaseChangesets);
        load(upgraded, statements);
        long reservations = count(upgraded, "SELECT count(*) FROM reservations");
        long events = count(upgraded, "SELECT count(*) FROM audit_events");
        List<UUID> tenants = tenants(upgraded);
        assertThat(tenants).as("tenants in the snapshot").hasSizeGreaterThanOrEqualTo(2);
        assertThat(reservations).as("reservations in the snapshot").isPositive();

        migrate(upgraded, Integer.MAX_VALUE);

        assertThat(count(upgraded, "SELECT count(*) FROM databasechangelog")).as("every changeset applied")
                .isGreaterThanOrEqualTo(releaseChangesets);
        assertThat(count(upgraded, "SELECT count(*) FROM reservations")).isEqualTo(reservations);
        assertThat(count(upgraded, "SELECT count(*) FROM audit_events")).isEqualTo(events);
        LedgerChecks checks = new LedgerChecks(upgraded);
        List<String> problems = new ArrayList<>();
        for (UUID tenant : tenants) {
            checks.violations(tenant).forEach(v -> problems.add(tenant + " ledger: " + v));
            // As the runtime role, so row-level security shows the verifier one tenant's chain, as in the app.
            try (Connection connection = upgraded.asRuntime()) {
                AuditVerification chain = StandaloneChainVerifier.verify(connection, tenant);
                if (!chain.intact() || chain.eventsChecked() == 0) {
                    problems.add(tenant + " audit: " + chain);
                }
            }
        }
        assertThat(problems).as("invariants after the upgrade").isEmpty();
    }

    private static Path newestSnapshot() throws URISyntaxException, IOException {
        Path folder = Path.of(PopulatedUpgradeTest.class.getResource("/upgrade").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("snapshot-\\d{4}\\.sql")).sorted()
                    .reduce((first, second) -> second).orElseThrow();
        }
    }

    /** Applies the changelog's first {@code changesets} changesets (all of them for MAX_VALUE) as the owner role. */
    private static void migrate(Databases databases, int changesets) throws SQLException, LiquibaseException {
        try (Connection connection = databases.asOwner()) {
            Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(),
                    new JdbcConnection(connection));
            liquibase.setChangeLogParameter("runtimeRole", databases.runtimeRole());
            if (changesets == Integer.MAX_VALUE) {
                liquibase.update(new Contexts(), new LabelExpression());
            } else {
                liquibase.update(changesets, new Contexts(), new LabelExpression());
            }
        }
    }

    /** The snapshot's rows, loaded as the superuser with foreign keys and triggers off (they are data, not events). */
    private static void load(Databases databases, List<String> statements) throws SQLException {
        try (Connection connection = databases.asSuperuser(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("SET LOCAL session_replication_role = replica");
            for (String statement : statements) {
                if (!statement.isBlank() && !statement.startsWith("--")) {
                    sql.execute(statement);
                }
            }
            connection.commit();
        }
    }

    private static List<UUID> tenants(Databases databases) throws SQLException {
        List<UUID> tenants = new ArrayList<>();
        try (Connection connection = databases.asSuperuser(); Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT DISTINCT tenant_id FROM reservations ORDER BY 1")) {
            while (rs.next()) {
                tenants.add(rs.getObject(1, UUID.class));
            }
        }
        return tenants;
    }

    private static long count(Databases databases, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databases.url(), Databases.SUPERUSER, "");
             Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
