package io.tollgate.platform.internal;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.tollgate.platform.TransactionWrites;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The queue of {@link TransactionWrites}, a resource of the transaction it was opened in: suspended and resumed with
 * it, sent by the transaction manager's commit (TenantBindingTransactionManager), dropped when it completes. pgjdbc sends a prepared statement of several statements as
 * one message sequence with one Sync, so the whole queue is one round trip, and the first failing statement fails it.
 */
@Component
class DeferredTransactionWrites implements TransactionWrites {

    private final JdbcTemplate jdbc;

    DeferredTransactionWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Write defer(String sql, Object... args) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            Queued sent = new Queued(sql, args);
            sent.rows = jdbc.update(sql, args);
            return sent;
        }
        Queue queue = (Queue) TransactionSynchronizationManager.getResource(this);
        if (queue == null) {
            queue = new Queue();
            TransactionSynchronizationManager.bindResource(this, queue);
            TransactionSynchronizationManager.registerSynchronization(new QueueOfTheTransaction(queue));
        }
        Queued write = new Queued(sql, args);
        queue.writes.add(write);
        return write;
    }

    @Override
    public void flush() {
        Queue queue = (Queue) TransactionSynchronizationManager.getResource(this);
        if (queue == null || queue.writes.isEmpty()) {
            return;
        }
        List<Queued> batch = List.copyOf(queue.writes);
        queue.writes.clear();
        send(batch);
        for (Queued write : batch) {
            if (write.expected != null && write.rows != write.expected) {
                throw new IllegalStateException("A queued write changed " + write.rows + " rows, not "
                        + write.expected + ": " + write.sql);
            }
        }
    }

    private void send(List<Queued> batch) {
        String sql = batch.stream().map(w -> w.sql).collect(Collectors.joining(";\n"));
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                for (Queued write : batch) {
                    for (Object arg : write.args) {
                        StatementCreatorUtils.setParameterValue(statement, index++, SqlTypeValue.TYPE_UNKNOWN, arg);
                    }
                }
                boolean rows = statement.execute();
                for (Queued write : batch) {
                    if (rows) {
                        throw new IllegalStateException("A queued write returned rows: " + write.sql);
                    }
                    write.rows = statement.getUpdateCount();
                    rows = statement.getMoreResults();
                }
            }
            return null;
        });
    }

    private static final class Queue {
        final List<Queued> writes = new ArrayList<>();
    }

    private static final class Queued implements Write {
        final String sql;
        final Object[] args;
        @Nullable Integer expected;
        int rows = -1;

        Queued(String sql, Object[] args) {
            this.sql = sql;
            this.args = args;
        }

        @Override
        public int rows() {
            if (rows < 0) {
                throw new IllegalStateException("Not sent yet: " + sql);
            }
            return rows;
        }

        @Override
        public Write expecting(int count) {
            if (rows >= 0 && rows != count) {
                throw new IllegalStateException("A write changed " + rows + " rows, not " + count + ": " + sql);
            }
            this.expected = count;
            return this;
        }
    }

    private final class QueueOfTheTransaction implements TransactionSynchronization {

        private final Queue queue;

        QueueOfTheTransaction(Queue queue) {
            this.queue = queue;
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(DeferredTransactionWrites.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(DeferredTransactionWrites.this, queue);
        }

        /** What a transaction status's flush() asks of its synchronisations. The commit itself flushes too. */
        @Override
        public void flush() {
            DeferredTransactionWrites.this.flush();
        }

        @Override
        public void afterCompletion(int status) {
            queue.writes.clear();
            TransactionSynchronizationManager.unbindResourceIfPossible(DeferredTransactionWrites.this);
        }
    }
}
