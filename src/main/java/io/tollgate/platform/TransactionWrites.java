package io.tollgate.platform;

/**
 * Writes that nothing later in their transaction reads, queued and sent together: every write queued in a
 * transaction goes to PostgreSQL in one round trip, as one multi-statement execution, in the order queued (ADR
 * 0054). The queue is sent by {@link #flush()}, which the idempotent-request runner calls before COMMIT, and in any
 * case before the transaction commits; a rollback drops it. Outside a transaction a write is sent at once.
 *
 * <p>A read that might need a queued write must {@link #flush()} first; the stores of the decision path do so in
 * every read, so a read never misses what its own transaction wrote.
 */
public interface TransactionWrites {

    /** A queued write. */
    interface Write {

        /** Rows it changed; known once sent. */
        int rows();

        /** Makes the flush fail (and the transaction roll back) unless the write changes exactly this many rows. */
        Write expecting(int rows);
    }

    /**
     * Queues a statement (no result rows) with its arguments, bound as JdbcTemplate would bind them; array arguments
     * as {@link org.springframework.jdbc.support.SqlArrayValue}.
     */
    Write defer(String sql, Object... args);

    /** Sends every write queued in the current transaction, in one round trip; nothing when none is queued. */
    void flush();
}
