package io.tollgate.platform.internal.idempotency;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.platform.DatabaseOutage;
import io.tollgate.platform.TransactionWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Runs a money-moving request's transaction, and runs it again, on a fresh connection, when the database connection
 * was lost <em>before COMMIT was sent</em>: the server then never had a transaction to commit, so the first attempt
 * provably had no effect. A failure while committing is ambiguous (the COMMIT may have landed and only its answer
 * been lost), so it is never retried here: the caller gets 503 and its retry is deduplicated by the
 * {@code Idempotency-Key} recorded in the same transaction (ADR 0046).
 */
final class RetryBeforeCommitTransaction {

    private static final Logger log = LoggerFactory.getLogger(RetryBeforeCommitTransaction.class);

    private final PlatformTransactionManager transactions;
    private final TransactionWrites writes;
    private final int attempts;
    private final Counter retried;

    RetryBeforeCommitTransaction(PlatformTransactionManager transactions, TransactionWrites writes, int attempts,
                                 MeterRegistry meters) {
        this.transactions = transactions;
        this.writes = writes;
        this.attempts = attempts;
        this.retried = Counter.builder("tollgate.db.transactions.retried")
                .description("Transactions run again after the connection was lost before COMMIT")
                .register(meters);
    }

    <T> T execute(Supplier<T> work) {
        return execute(new DefaultTransactionDefinition(), work);
    }

    <T> T execute(TransactionDefinition definition, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            TransactionStatus status;
            try {
                status = transactions.getTransaction(definition);
            } catch (RuntimeException e) {
                if (retryable(e, attempt)) {
                    continue;
                }
                throw e;
            }
            T result;
            try {
                result = work.get();
                // Queued writes and Hibernate's would otherwise be sent inside commit(), where a failure is ambiguous.
                writes.flush();
                status.flush();
            } catch (RuntimeException | Error e) {
                rollbackQuietly(status, e);
                // Inside a caller's transaction the attempt is not ours to repeat.
                if (status.isNewTransaction() && retryable(e, attempt)) {
                    continue;
                }
                throw e;
            }
            transactions.commit(status);
            return result;
        }
    }

    private boolean retryable(Throwable failure, int attempt) {
        if (attempt >= attempts || !DatabaseOutage.isOutage(failure) || DatabaseOutage.isPoolTimeout(failure)) {
            return false;
        }
        log.warn("Database connection lost before commit (attempt {} of {}), running the transaction again: {}",
                attempt, attempts, failure.toString());
        retried.increment();
        return true;
    }

    private void rollbackQuietly(TransactionStatus status, Throwable cause) {
        try {
            transactions.rollback(status);
        } catch (RuntimeException rollbackFailure) {
            // On a lost connection the rollback fails too ("Connection is closed"); the server discarded the
            // transaction with the session.
            if (!DatabaseOutage.isOutage(cause) && !DatabaseOutage.isOutage(rollbackFailure)) {
                rollbackFailure.addSuppressed(cause);
                throw rollbackFailure;
            }
        }
    }
}
