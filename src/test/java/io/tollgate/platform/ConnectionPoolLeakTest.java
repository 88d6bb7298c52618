package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tollgate.support.Databases;
import io.tollgate.support.Databases.TwoTenants;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant binding is transaction-local: a pooled connection never carries a tenant into the next transaction.
 * A pool of exactly one connection forces every transaction onto the same database session.
 */
@TollgateTest
class ConnectionPoolLeakTest {

    private static final int TRANSACTIONS = 10_000;
    private static final int THREADS = 2;
    /** Every so often a transaction that never binds checks nothing was left behind on the one connection. */
    private static final int PROBE_EVERY = 10;

    @Autowired
    Environment environment;

    @Autowired
    DataSource applicationDataSource;

    @Autowired
    TenantTransactions tenantTransactions;

    TwoTenants tenants;
    HikariDataSource singleConnection;
    JdbcTemplate jdbc;
    TransactionTemplate transactions;

    @BeforeEach
    void poolOfOne() throws SQLException {
        Databases databases = Databases.of(environment);
        tenants = databases.twoTenants();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(databases.url());
        config.setUsername(databases.runtimeRole());
        config.setPassword(environment.getProperty("spring.datasource.password", ""));
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setPoolName("pool-leak-test");
        singleConnection = new HikariDataSource(config);
        jdbc = new JdbcTemplate(singleConnection);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(singleConnection));
    }

    @AfterEach
    void closePool() {
        if (singleConnection != null) {
            singleConnection.close();
        }
    }

    /** What one transaction saw. */
    record Observation(long backendPid, String setting, long own, long foreign, long all) {
    }

    /** A transaction bound the way the app binds: set_config(..., true) as the first statement ('' = no tenant). */
    private Observation inTransaction(UUID tenant) {
        return transactions.execute(status -> {
            jdbc.queryForList("SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true)",
                    tenant == null ? "" : tenant.toString(), "");
            return observe(tenant);
        });
    }

    /** A transaction that never binds: whatever it sees was left on the connection by an earlier one. */
    private Observation withoutBinding() {
        return transactions.execute(status -> observe(null));
    }

    private Observation observe(UUID tenant) {
        long pid = jdbc.queryForObject("SELECT pg_backend_pid()", Long.class);
        String setting = jdbc.queryForObject("SELECT coalesce(current_setting('app.tenant_id', true), '')",
                String.class);
        long all = jdbc.queryForObject("SELECT count(*) FROM memberships", Long.class);
        if (tenant == null) {
            return new Observation(pid, setting, 0, all, all);
        }
        long own = jdbc.queryForObject("SELECT count(*) FROM memberships WHERE tenant_id = ?", Long.class, tenant);
        long foreign = jdbc.queryForObject("SELECT count(*) FROM memberships WHERE tenant_id <> ?", Long.class,
                tenant);
        return new Observation(pid, setting, own, foreign, all);
    }

    @Test
    void unbound_transaction_after_a_tenant_transaction_on_the_same_connection_sees_nothing() {
        Observation bound = inTransaction(tenants.a().tenant());
        Observation boundToNoTenant = inTransaction(null);

        assertThat(boundToNoTenant.backendPid()).as("same database session").isEqualTo(bound.backendPid());
        assertThat(bound.own()).as("positive control: tenant A sees its membership").isEqualTo(1);
        assertThat(bound.foreign()).isZero();
        assertThat(boundToNoTenant.all()).as("memberships visible without a tenant").isZero();
    }

    @Test
    void transaction_that_never_binds_inherits_no_tenant_from_the_previous_one() {
        Observation bound = inTransaction(tenants.b().tenant());
        Observation next = withoutBinding();

        assertThat(next.backendPid()).as("same database session").isEqualTo(bound.backendPid());
        assertThat(bound.setting()).as("positive control: the binding was in effect")
                .isEqualTo(tenants.b().tenant().toString());
        assertThat(next.setting()).as("app.tenant_id left on the connection").isEmpty();
        assertThat(next.all()).as("memberships visible to the next transaction").isZero();
    }

    @Test
    void ten_thousand_alternating_transactions_on_one_connection_never_see_another_tenants_rows() throws Exception {
        UUID[] alternating = {tenants.a().tenant(), tenants.b().tenant()};
        AtomicLong foreignRows = new AtomicLong();
        AtomicLong transactionsWithoutOwnRows = new AtomicLong();
        AtomicLong leakedIntoUnboundProbes = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                workers.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < TRANSACTIONS / THREADS; i++) {
                        Observation seen = inTransaction(alternating[(i + offset) % 2]);
                        foreignRows.addAndGet(seen.foreign());
                        if (seen.own() < 1) {
                            transactionsWithoutOwnRows.incrementAndGet();
                        }
                        completed.incrementAndGet();
                        if (i % PROBE_EVERY == 0) {
                            leakedIntoUnboundProbes.addAndGet(withoutBinding().all());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(completed.get()).isEqualTo(TRANSACTIONS);
        assertThat(foreignRows.get()).as("rows of another tenant seen").isZero();
        assertThat(leakedIntoUnboundProbes.get()).as("rows seen by transactions that never bound").isZero();
        assertThat(transactionsWithoutOwnRows.get()).as("transactions that did not see their own tenant").isZero();
    }

    @Test
    void the_apps_own_binding_ends_with_its_transaction() {
        JdbcTemplate app = new JdbcTemplate(applicationDataSource);
        UUID a = tenants.a().tenant();

        List<UUID> asTenantA = tenantTransactions.asTenant(new TenantId(a),
                () -> app.queryForList("SELECT DISTINCT tenant_id FROM memberships", UUID.class));
        String settingAfterwards = tenantTransactions.inScope(new TenantScope.Binding(null, null),
                () -> app.queryForObject("SELECT coalesce(current_setting('app.tenant_id', true), '')", String.class));
        Long unbound = tenantTransactions.inScope(new TenantScope.Binding(null, null),
                () -> app.queryForObject("SELECT count(*) FROM memberships", Long.class));

        assertThat(asTenantA).containsExactly(a);
        assertThat(settingAfterwards).isEmpty();
        assertThat(unbound).isZero();
    }
}
