package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.tollgate.TollgateApplication;
import io.tollgate.tenancy.internal.OrganizationSignup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The zero-setup mode keeps its data: an organisation created in one run of the app is there in the next run on the
 * same data directory (DESIGN §4, "persistent data directory"). Each run starts and stops its own embedded server.
 */
class EmbeddedDatabaseRestartTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    @Test
    void an_organisation_survives_a_restart_on_the_same_data_directory() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String slug = "restart-" + suffix;
        UUID tenant;
        String firstUrl;

        try (ConfigurableApplicationContext first = start()) {
            firstUrl = first.getEnvironment().getProperty("spring.datasource.url");
            OrganizationSignup.Created created = first.getBean(OrganizationSignup.class)
                    .signUp(new OrganizationSignup.NewOrganization("Restart Inc " + suffix, slug, "UTC",
                            "Restart Owner", slug + "@example.com", "correct-horse-battery-staple-42", null));
            tenant = created.tenant().value();
            assertThat(tenantsWithSlug(first, slug)).as("visible in the first run").containsExactly(tenant);
        }
        assertThat(Files.exists(dataDir.resolve("PG_VERSION"))).as("the data directory holds a cluster").isTrue();
        assertThatExceptionOfType(SQLException.class).as("the first run's server stopped with its context")
                .isThrownBy(() -> DriverManager.getConnection(firstUrl, "postgres", "").close());

        try (ConfigurableApplicationContext second = start()) {
            assertThat(tenantsWithSlug(second, slug)).containsExactly(tenant);
        }
    }

    private ConfigurableApplicationContext start() {
        // Command-line arguments outrank application-test.yaml (which points at the shared target/test-pgdata);
        // SpringApplicationBuilder.properties(...) would only be defaults and lose to it.
        return new SpringApplicationBuilder(TollgateApplication.class)
                .profiles("test")
                .run("--tollgate.embedded-db.data-dir=" + dataDir,
                        "--tollgate.embedded-db.clean=false",
                        "--tollgate.embedded-db.stop-on-close=true",
                        "--server.port=0",
                        "--management.server.port=0",
                        "--tollgate.home=" + home);
    }

    private static List<UUID> tenantsWithSlug(ConfigurableApplicationContext context, String slug) {
        return context.getBean(JdbcTemplate.class).queryForList("SELECT id FROM tenants WHERE slug = ?", UUID.class,
                slug);
    }
}
