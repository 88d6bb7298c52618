package io.tollgate.platform.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import io.tollgate.platform.LockingTransaction;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TransactionBinding;
import io.tollgate.platform.UserId;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Binds the current {@link TenantScope} to the database transaction: the first statement of every transaction is
 * {@code set_config('app.tenant_id', ?, true)} (and {@code app.user_id}), transaction-local, so a pooled connection
 * never carries a tenant into the next transaction. Row-level security policies read these settings.
 *
 * <p>The same statement answers what the decision path would otherwise ask in round trips of its own (ADR 0054): the
 * tenant's configuration version, the transaction's {@code now()}, and, for a {@link LockingTransaction}, whether
 * its advisory lock was taken. The answer is the transaction's {@link TransactionBinding}, suspended and resumed with
 * the transaction.
 */
class TenantBindingTransactionManager extends JpaTransactionManager {

    private static final String BIND = "SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true),"
            + " current_tenant_config_version(), now()";
    private static final String BIND_AND_LOCK = BIND + ", pg_try_advisory_xact_lock(?, hashtext(?))";

    private final ObjectProvider<DeferredTransactionWrites> queuedWrites;

    TenantBindingTransactionManager(EntityManagerFactory entityManagerFactory,
                                    ObjectProvider<DeferredTransactionWrites> queuedWrites) {
        super(entityManagerFactory);
        this.queuedWrites = queuedWrites;
    }

    /**
     * Sends the transaction's queued writes ({@link io.tollgate.platform.TransactionWrites}) as part of the commit,
     * as Hibernate sends its pending ones: a failure is then a commit failure, answered like one (a lost connection is
     * 503, ADR 0046), and not a "before commit" failure that Spring would try to roll back over a dead connection.
     */
    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        try {
            queuedWrites.getObject().flush();
        } catch (RuntimeException failed) {
            TransactionSystemException commitFailed =
                    new TransactionSystemException("Could not send the transaction's queued writes", failed);
            try {
                doRollback(status);
            } catch (RuntimeException rollbackFailed) {
                commitFailed.addSuppressed(rollbackFailed);
            }
            throw commitFailed;
        }
        super.doCommit(status);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        TenantId tenant = TenantScope.currentTenant().orElse(null);
        String user = TenantScope.currentUser().map(UserId::toString).orElse("");
        LockingTransaction locking = definition instanceof LockingTransaction l ? l : null;
        EntityManagerHolder holder =
                (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
        TransactionBinding binding = holder.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement bind = connection.prepareStatement(locking == null ? BIND : BIND_AND_LOCK)) {
                bind.setString(1, tenant == null ? "" : tenant.toString());
                bind.setString(2, user);
                if (locking != null) {
                    bind.setInt(3, locking.namespace());
                    bind.setString(4, locking.key());
                }
                try (ResultSet rs = bind.executeQuery()) {
                    rs.next();
                    long version = rs.getLong(3);
                    // Every tenant has a version row (migration 0021): none means nothing may be cached.
                    Long configVersion = tenant == null || rs.wasNull() ? null : version;
                    return new TransactionBinding(tenant, configVersion, rs.getTimestamp(4).toInstant(), locking,
                            locking != null && rs.getBoolean(5));
                }
            }
        });
        TransactionSynchronizationManager.bindResource(TransactionBinding.class, binding);
    }

    @Override
    protected Object doSuspend(Object transaction) {
        Object suspended = super.doSuspend(transaction);
        return new Suspended(suspended,
                (TransactionBinding) TransactionSynchronizationManager.unbindResourceIfPossible(TransactionBinding.class));
    }

    @Override
    protected void doResume(@Nullable Object transaction, Object suspendedResources) {
        Suspended suspended = (Suspended) suspendedResources;
        super.doResume(transaction, suspended.resources());
        if (suspended.binding() != null) {
            TransactionSynchronizationManager.bindResource(TransactionBinding.class, suspended.binding());
        }
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        TransactionSynchronizationManager.unbindResourceIfPossible(TransactionBinding.class);
        super.doCleanupAfterCompletion(transaction);
    }

    private record Suspended(Object resources, @Nullable TransactionBinding binding) {
    }
}
