package io.tollgate.platform;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The explicit way for system jobs (sweepers, operators' commands) to work "as tenant X": binds the tenant and
 * runs the work in a new transaction, so the database sees exactly that tenant and nothing else.
 */
@Component
public class TenantTransactions {

    private final TransactionTemplate requiresNew;

    TenantTransactions(PlatformTransactionManager transactionManager) {
        this.requiresNew = new TransactionTemplate(transactionManager);
        this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public <T> T asTenant(TenantId tenant, Supplier<T> work) {
        return inScope(TenantScope.Binding.tenant(tenant), work);
    }

    /**
     * Runs the work in a new transaction bound to exactly this tenant and/or user. Without an actor of its own,
     * the binding keeps the enclosing one's, so the audit trail still names who acts.
     */
    public <T> T inScope(TenantScope.Binding binding, Supplier<T> work) {
        TenantScope.Binding effective = binding.actor() != null ? binding
                : new TenantScope.Binding(binding.tenant(), binding.user(), TenantScope.namedActor());
        return TenantScope.call(effective, () -> requiresNew.execute(status -> work.get()));
    }

    public void runAsTenant(TenantId tenant, Runnable work) {
        asTenant(tenant, () -> {
            work.run();
            return null;
        });
    }
}
