package io.tollgate.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Kills the PostgreSQL backend of the application's own transaction from outside, as a database restart or a
 * fail-over would, at a point the test chooses: when the app publishes a matching event inside its transaction
 * (the statements after it fail, nothing was committed), or just before that transaction sends COMMIT. The kill is
 * {@code pg_terminate_backend} from a separate superuser connection, waiting until the backend has really gone.
 */
public final class BackendTerminator implements ApplicationListener<ApplicationEvent>, Ordered, AutoCloseable {

    public enum When { AT_THE_EVENT, BEFORE_COMMIT }

    private final ConfigurableApplicationContext context;
    private final Databases databases;
    private final JdbcTemplate appJdbc;
    private final Predicate<Object> event;
    private final When when;
    private final AtomicInteger remaining;
    private final AtomicInteger killed = new AtomicInteger();

    private BackendTerminator(ConfigurableApplicationContext context, Predicate<Object> event, When when, int times) {
        this.context = context;
        this.databases = Databases.of(context.getEnvironment());
        this.appJdbc = context.getBean(JdbcTemplate.class);
        this.event = event;
        this.when = when;
        this.remaining = new AtomicInteger(times);
    }

    /** Kills the backend of the next {@code times} transactions that publish a matching event, then stops. */
    public static BackendTerminator arm(ConfigurableApplicationContext context, Predicate<Object> event, When when,
                                        int times) {
        BackendTerminator terminator = new BackendTerminator(context, event, when, times);
        context.addApplicationListener(terminator);
        return terminator;
    }

    /** Ahead of the app's own listeners (the audit writer), so their statements are the ones that fail. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    public int killed() {
        return killed.get();
    }

    @Override
    public void onApplicationEvent(ApplicationEvent published) {
        if (!(published instanceof PayloadApplicationEvent<?> payload) || !event.test(payload.getPayload())
                || remaining.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            return;
        }
        // The app's JdbcTemplate, inside the app's transaction: the backend serving that transaction.
        Integer pid = appJdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
        if (when == When.AT_THE_EVENT) {
            terminate(pid);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                terminate(pid);
            }
        });
    }

    private void terminate(Integer pid) {
        try (Connection admin = databases.asSuperuser();
             PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
            kill.setInt(1, pid);
            try (ResultSet rs = kill.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new IllegalStateException("Backend " + pid + " did not terminate");
                }
            }
            killed.incrementAndGet();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        remaining.set(0);
        context.getBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
                ApplicationEventMulticaster.class).removeApplicationListener(this);
    }
}
