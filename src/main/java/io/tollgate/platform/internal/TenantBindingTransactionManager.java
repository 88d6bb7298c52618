package io.tollgate.platform.internal;

import java.sql.PreparedStatement;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.UserId;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Binds the current {@link TenantScope} to the database transaction: the first statement of every transaction is
 * {@code set_config('app.tenant_id', ?, true)} (and {@code app.user_id}), transaction-local, so a pooled connection
 * never carries a tenant into the next transaction. Row-level security policies read these settings.
 */
class TenantBindingTransactionManager extends JpaTransactionManager {

    TenantBindingTransactionManager(EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        String tenant = TenantScope.currentTenant().map(TenantId::toString).orElse("");
        String user = TenantScope.currentUser().map(UserId::toString).orElse("");
        EntityManagerHolder holder =
                (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
        holder.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement bind = connection.prepareStatement(
                    "SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true)")) {
                bind.setString(1, tenant);
                bind.setString(2, user);
                bind.execute();
            }
        });
    }
}
