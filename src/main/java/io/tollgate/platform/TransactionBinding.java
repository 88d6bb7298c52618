package io.tollgate.platform;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the first statement of the current transaction learnt while binding the tenant, at no extra round trip: the
 * tenant's configuration version ({@link TenantConfigCache}), the database clock of the transaction
 * ({@code now()}, the same for every statement of it), and whether the advisory lock the transaction asked for at
 * its start ({@link LockingTransaction}) was taken.
 *
 * @param tenant the tenant bound, or null when the transaction is not bound to one
 * @param tenantConfigVersion the tenant's configuration version; null when no tenant is bound
 * @param databaseNow {@code now()} of the transaction
 * @param lockRequested the lock the transaction asked for at its start, if any
 * @param lockTaken whether that lock was taken
 */
public record TransactionBinding(@Nullable TenantId tenant, @Nullable Long tenantConfigVersion, Instant databaseNow,
                                 @Nullable LockingTransaction lockRequested, boolean lockTaken) {

    /**
     * Whether this transaction began as {@code locking}, so its first statement tried the lock; false for a caller's
     * transaction that {@code locking} only joined, whose caller must take the lock itself.
     */
    public boolean began(LockingTransaction locking) {
        return lockRequested == locking;
    }

    /** The binding of the transaction active on this thread, if any. */
    public static Optional<TransactionBinding> current() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return Optional.empty();
        }
        return Optional.ofNullable((TransactionBinding) TransactionSynchronizationManager.getResource(
                TransactionBinding.class));
    }

    /** The configuration version of {@code tenant} as the current transaction saw it at its start, if bound to it. */
    public static Optional<Long> configVersionOf(TenantId tenant) {
        return current().filter(b -> tenant.equals(b.tenant())).map(TransactionBinding::tenantConfigVersion);
    }
}
