package io.tollgate.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import io.tollgate.platform.TransactionWrites;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * ADR 0054: writes queued in a transaction are sent before it commits, even when nobody flushes them; a rollback
 * drops them; a transaction suspended by a new one keeps its own queue; a write that must change a row and does not
 * fails its transaction.
 */
@TollgateTest
class TransactionWritesTest {

    @Autowired
    TransactionWrites writes;

    @Autowired
    TenantTransactions transactions;

    @Autowired
    JdbcTemplate jdbc;

    TenantId tenant;

    @BeforeEach
    void setUp() {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO tenants (id, slug, name, status, time_zone) VALUES (?, ?, ?, 'ACTIVE', 'UTC')",
                id, "writes-" + id.toString().substring(0, 8), "Writes Test " + id);
        tenant = new TenantId(id);
    }

    @Test
    void queued_writes_commit_with_their_transaction_without_an_explicit_flush() {
        UUID team = UUID.randomUUID();

        transactions.runAsTenant(tenant, () -> queueTeam(team));

        assertThat(teamExists(team)).isTrue();
    }

    @Test
    void a_rollback_drops_what_was_queued() {
        UUID team = UUID.randomUUID();

        assertThatThrownBy(() -> transactions.runAsTenant(tenant, () -> {
            queueTeam(team);
            throw new IllegalStateException("changed my mind");
        })).hasMessage("changed my mind");

        assertThat(teamExists(team)).isFalse();
    }

    @Test
    void a_transaction_suspended_by_a_new_one_keeps_its_queue_and_each_ends_on_its_own() {
        UUID outer = UUID.randomUUID();
        UUID inner = UUID.randomUUID();

        transactions.runAsTenant(tenant, () -> {
            queueTeam(outer);
            assertThatThrownBy(() -> transactions.runAsTenant(tenant, () -> {
                queueTeam(inner);
                throw new IllegalStateException("inner fails");
            })).hasMessage("inner fails");
        });

        assertThat(teamExists(outer)).as("the outer transaction's write survived the inner one").isTrue();
        assertThat(teamExists(inner)).as("the inner transaction's write went with its rollback").isFalse();
    }

    @Test
    void a_write_that_changes_other_than_the_expected_rows_fails_its_transaction() {
        UUID team = UUID.randomUUID();

        assertThatThrownBy(() -> transactions.runAsTenant(tenant, () -> {
            queueTeam(team);
            writes.defer("UPDATE teams SET name = 'renamed' WHERE id = ?", UUID.randomUUID()).expecting(1);
        })).hasStackTraceContaining("changed 0 rows, not 1");

        assertThat(teamExists(team)).as("nothing of that transaction committed").isFalse();
    }

    @Test
    void a_read_after_a_queued_write_sees_it() {
        UUID team = UUID.randomUUID();

        long seen = transactions.asTenant(tenant, () -> {
            queueTeam(team);
            writes.flush();
            return jdbc.queryForObject("SELECT count(*) FROM teams WHERE id = ?", Long.class, team);
        });

        assertThat(seen).isEqualTo(1);
    }

    private void queueTeam(UUID id) {
        writes.defer("INSERT INTO teams (tenant_id, id, name, description) VALUES (?, ?, ?, '')", tenant.value(), id,
                "team " + id);
    }

    private boolean teamExists(UUID id) {
        return transactions.asTenant(tenant,
                () -> jdbc.queryForObject("SELECT count(*) FROM teams WHERE id = ?", Long.class, id)) == 1;
    }
}
