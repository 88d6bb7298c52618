package io.tollgate.platform.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The zero-setup run mode: with no {@code spring.datasource.url}, start an embedded PostgreSQL on a persistent
 * data directory, create the owner and runtime roles, and point the app (runtime role) and Liquibase (owner role)
 * at it. One server per data directory per JVM, so test contexts share it.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    /** Logging is not set up yet when this runs; Boot replays deferred lines once it is. */
    private final Log log;

    public EmbeddedPostgresEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedPostgresEnvironment.class);
    }

    @Override
    public int getOrder() {
        // After application.yaml and profiles are loaded, so their settings count.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))
                || !environment.getProperty("tollgate.embedded-db.enabled", Boolean.class, true)) {
            return;
        }
        if (!ClassUtils.isPresent("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", getClass().getClassLoader())) {
            throw new IllegalStateException("No SPRING_DATASOURCE_URL is set and this build has no embedded PostgreSQL "
                    + "(lean build): configure SPRING_DATASOURCE_URL/_USERNAME/_PASSWORD and SPRING_LIQUIBASE_USER/_PASSWORD");
        }
        Path dataDir = Path.of(environment.getProperty("tollgate.embedded-db.data-dir", "./.tollgate/pgdata"))
                .toAbsolutePath().normalize();
        boolean clean = environment.getProperty("tollgate.embedded-db.clean", Boolean.class, false);
        int port = environment.getProperty("tollgate.embedded-db.port", Integer.class, 0);
        int actualPort = EmbeddedPostgresServers.startOrReuse(dataDir, clean, port, log);

        String url = "jdbc:postgresql://localhost:" + actualPort + "/" + EmbeddedPostgresServers.DATABASE;
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", url);
        props.put("spring.datasource.username", EmbeddedPostgresServers.RUNTIME_ROLE);
        props.put("spring.datasource.password", "");
        props.put("spring.liquibase.url", url);
        props.put("spring.liquibase.user", EmbeddedPostgresServers.OWNER_ROLE);
        props.put("spring.liquibase.password", "");
        environment.getPropertySources().addFirst(new MapPropertySource("tollgateEmbeddedPostgres", props));

        // Stop after the application's beans are gone (the pool and the outbox still talk to the database while
        // they shut down): at JVM exit through Boot's shutdown handlers, which run after contexts are closed, and,
        // with stop-on-close, when this context's bean factory is destroyed (registered first, destroyed last).
        SpringApplication.getShutdownHandlers().add(EmbeddedPostgresServers.STOP_ALL);
        if (environment.getProperty("tollgate.embedded-db.stop-on-close", Boolean.class, true)) {
            application.addInitializers(context -> {
                if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
                    beans.registerDisposableBean("tollgateEmbeddedPostgresStopper",
                            () -> EmbeddedPostgresServers.stop(dataDir));
                }
            });
        }
    }
}
