package io.tollgate.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a failure that says "the database could not be reached", not "the request was wrong": the connection
 * broke (SQLSTATE class 08), the server is shutting down or starting (57P01, 57P02, 57P03), it refuses more
 * connections (53300), or the pool had none to give. Such a failure is answered 503 with {@code Retry-After}
 * (ADR 0046), never 500.
 */
public final class DatabaseOutage {

    /** What {@code Retry-After} says: about as long as a PostgreSQL restart or fail-over takes to accept again. */
    public static final int RETRY_AFTER_SECONDS = 2;

    /** What an API caller is told; the same request may be sent again, with the same {@code Idempotency-Key}. */
    public static final String DETAIL = "The database is briefly unreachable. Retry after the Retry-After delay, "
            + "with the same Idempotency-Key: a request that did take effect is then answered as it was, not repeated.";

    private DatabaseOutage() {
    }

    /** Whether anything in the cause chain is a lost or unobtainable database connection. */
    public static boolean isOutage(@Nullable Throwable failure) {
        return connectionFailure(failure) != null;
    }

    /**
     * Whether the pool could not hand out a connection in time. Waiting again would only double the caller's wait,
     * so such a failure is answered at once and never retried here.
     */
    public static boolean isPoolTimeout(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable Throwable connectionFailure(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLTransientConnectionException) {
                return t;
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return t;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null
                    && isConnectionState(sql.getNextException().getSQLState())) {
                return t;
            }
            // "Unable to roll back" keeps the failure that started it as the application exception.
            if (t instanceof TransactionSystemException system && system.getApplicationException() != null
                    && connectionFailure(system.getApplicationException()) != null) {
                return t;
            }
        }
        return null;
    }

    private static boolean isConnectionState(@Nullable String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }

    private static @Nullable Throwable next(Throwable t) {
        Throwable cause = t.getCause();
        return cause == t ? null : cause;
    }
}
