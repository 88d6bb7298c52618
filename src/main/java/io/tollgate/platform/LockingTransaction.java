package io.tollgate.platform;

import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * A new transaction that tries a transaction-scoped advisory lock in the statement that binds its tenant, so the lock
 * costs no round trip of its own. Whether it was taken is {@link TransactionBinding#lockTaken()}; the transaction
 * starts either way, and the caller decides what a lock held elsewhere means.
 *
 * @param namespace keeps the caller's locks apart from other users of the two-int advisory key space
 * @param key hashed with {@code hashtext}; a collision only makes an unrelated caller see the lock as held
 */
public final class LockingTransaction extends DefaultTransactionDefinition {

    private final int namespace;
    private final String key;

    public LockingTransaction(int namespace, String key) {
        this.namespace = namespace;
        this.key = key;
    }

    public int namespace() {
        return namespace;
    }

    public String key() {
        return key;
    }
}
