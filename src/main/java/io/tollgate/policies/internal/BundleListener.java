package io.tollgate.policies.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.tollgate.platform.TenantId;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hot reload (ADR 0062): a connection of its own, outside the pool, LISTENs on {@code policy_bundles}; each
 * notification ("tenant:number") brings that tenant's cached bundle up to date. When the connection is lost it is
 * opened again, and every cached tenant is checked against the database then and every recheck interval, so a
 * notification lost in between is made up for.
 */
@Component
class BundleListener implements SmartLifecycle {

    static final String CHANNEL = "policy_bundles";
    private static final Logger log = LoggerFactory.getLogger(BundleListener.class);

    private final BundleCache cache;
    private final DataSource dataSource;
    private final PolicyProperties properties;
    private volatile boolean running;
    private volatile Thread thread;

    BundleListener(BundleCache cache, DataSource dataSource, PolicyProperties properties) {
        this.cache = cache;
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("policy-bundle-listener").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        Thread listening = thread;
        if (listening != null) {
            listening.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = open(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                recheckAll();
                Instant nextRecheck = Instant.now().plus(properties.recheckInterval());
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            apply(n.getParameter());
                        }
                    }
                    if (Instant.now().isAfter(nextRecheck)) {
                        recheckAll();
                        nextRecheck = Instant.now().plus(properties.recheckInterval());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Policy bundle listener lost its connection ({}); reconnecting", e.getMessage());
                try {
                    Thread.sleep(properties.reconnectDelay());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void apply(String payload) {
        int colon = payload.indexOf(':');
        try {
            TenantId tenant = new TenantId(UUID.fromString(payload.substring(0, colon)));
            cache.refresh(tenant, Long.parseLong(payload.substring(colon + 1)));
        } catch (RuntimeException e) {
            log.warn("Policy bundle notification {} not applied: {}", payload, e.getMessage());
        }
    }

    private void recheckAll() {
        for (TenantId tenant : cache.cachedTenants()) {
            try {
                cache.refresh(tenant, null);
            } catch (RuntimeException e) {
                log.warn("Policy bundle recheck of tenant {} failed: {}", tenant, e.getMessage());
            }
        }
    }

    /** A connection outside the pool, so listening never takes one from requests. */
    private Connection open() throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
        }
        return dataSource.getConnection();
    }
}
