package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are "the database could not be reached" (503, ADR 0046) and which are not. */
class DatabaseOutageTest {

    @Test
    void lost_and_refused_connections_are_outages_wherever_they_sit_in_the_cause_chain() {
        assertThat(DatabaseOutage.isOutage(new DataAccessResourceFailureException("commit",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLException("sorry, too many clients already", "53300"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new CannotCreateTransactionException("begin",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
    }

    @Test
    void an_unable_to_roll_back_keeps_the_failure_that_started_it() {
        TransactionSystemException rollback = new TransactionSystemException("Unable to rollback",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new SQLException("terminating connection", "57P01"));

        assertThat(DatabaseOutage.isOutage(rollback)).isTrue();
    }

    @Test
    void a_pool_timeout_is_told_apart_from_a_lost_connection() {
        assertThat(DatabaseOutage.isPoolTimeout(new CannotCreateTransactionException("begin",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
        assertThat(DatabaseOutage.isPoolTimeout(new SQLException("terminating connection", "57P01"))).isFalse();
    }

    @Test
    void failures_of_the_request_itself_are_not_outages() {
        assertThat(DatabaseOutage.isOutage(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseOutage.isOutage(new SQLException("deadlock detected", "40P01"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new SQLException("Connection is closed"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseOutage.isOutage(null)).isFalse();
    }
}
