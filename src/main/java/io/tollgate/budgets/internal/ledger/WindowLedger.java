package io.tollgate.budgets.internal.ledger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.budgets.BudgetPeriod;
import io.tollgate.identity.OrgScopes;
import io.tollgate.platform.Money;
import io.tollgate.platform.TenantConfigCache;
import io.tollgate.platform.TransactionWrites;
import io.tollgate.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The budget windows as the ledger moves money in them: find the windows of an agent's chain, lock them in
 * {@link WindowKey#LOCK_ORDER}, and apply movements as one update of the windows plus one append of entries. The
 * windows' amounts are the projection of the entries; the CHECKs on {@code budget_windows} are the last line.
 */
@Component
class WindowLedger {

    private static final String LOCKED_COLUMNS = """
            w.budget_id, w.starts_at, b.name, b.scope_type, b.period, w.limit_nanos, w.hard, w.reserved_nanos,
            w.committed_nanos, w.overrun_nanos, b.soft_thresholds, w.thresholds_emitted, b.per_request_max_nanos""";

    /** Beyond this many remembered windows the memory starts over; keys carry their period start, so they age out. */
    private static final int MAX_KNOWN_WINDOWS = 100_000;

    private final JdbcTemplate jdbc;
    private final TransactionWrites writes;
    /**
     * Windows seen committed: windows are never deleted, so a window once seen needs no existence check again on
     * any replica (it saves the decision path a round trip). A window missing after all is opened as before.
     */
    private final Set<WindowKey> knownWindows = ConcurrentHashMap.newKeySet();
    /**
     * The live budgets of a chain (definitions only: amounts live in the locked window rows), per tenant configuration
     * version, which every change of a budget bumps (ADR 0054).
     */
    private final TenantConfigCache<OrgScopes.AgentChain, List<ChainBudget>> chainBudgets =
            new TenantConfigCache<>(100_000);

    WindowLedger(JdbcTemplate jdbc, TransactionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    /** Any statement sent now goes after what the transaction queued, so reads see it and writes keep their order. */
    private JdbcTemplate inOrder() {
        writes.flush();
        return jdbc;
    }

    /** The current window of every live budget on the chain, opened if nobody has yet. */
    List<WindowKey> chainWindows(TenantId tenant, OrgScopes.AgentChain chain, Instant now, ZoneId zone) {
        List<ChainBudget> budgets = chainBudgets.get(tenant, chain, () -> List.copyOf(inOrder().query("""
                        SELECT id, scope_type, period FROM budgets WHERE deleted_at IS NULL
                        AND (scope_type = 'ORG' OR (scope_type = 'TEAM' AND scope_id = ?)
                          OR (scope_type = 'PROJECT' AND scope_id = ?) OR (scope_type = 'AGENT' AND scope_id = ?))""",
                (rs, i) -> new ChainBudget(rs.getObject(1, UUID.class), rs.getString(2),
                        BudgetPeriod.valueOf(rs.getString(3))),
                chain.team().value(), chain.project().value(), chain.agent().value())));
        List<WindowKey> keys = new ArrayList<>();
        for (ChainBudget budget : budgets) {
            BudgetPeriod.Window window = budget.period().windowAt(now, zone);
            keys.add(new WindowKey(budget.id(), window.start(), WindowKey.rankOf(budget.scopeType())));
        }
        keys.sort(WindowKey.LOCK_ORDER);
        return keys;
    }

    /**
     * Locks the windows in lock order and returns them in that order. Windows nobody has opened yet are opened
     * first, and then every key is inserted-or-locked one by one in lock order: locking the existing windows first
     * and inserting the missing ones after would take row locks out of order and deadlock against a transaction
     * that inserted one of them and now waits for a window we hold (seen in LedgerInvariantStressTest).
     */
    List<LockedWindow> lock(TenantId tenant, List<WindowKey> keys, ZoneId zone) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<WindowKey> ordered = keys.stream().sorted(WindowKey.LOCK_ORDER).toList();
        if (!knownWindows.containsAll(ordered)) {
            if (existing(ordered) < ordered.size()) {
                openOrLockInOrder(tenant, ordered, zone);
                rememberOnCommit(ordered);
            } else {
                remember(ordered);
            }
        }
        List<LockedWindow> locked = select(ordered);
        if (locked.size() < ordered.size()) {
            openOrLockInOrder(tenant, ordered, zone);
            return select(ordered);
        }
        return locked;
    }

    /** Windows this transaction opened exist for everyone once it commits. */
    private void rememberOnCommit(List<WindowKey> opened) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    remember(opened);
                }
            });
        }
    }

    private void remember(List<WindowKey> seen) {
        if (knownWindows.size() > MAX_KNOWN_WINDOWS) {
            knownWindows.clear();
        }
        knownWindows.addAll(seen);
    }

    /**
     * How many of the windows exist (committed: this transaction has opened none yet); windows are never deleted, so
     * a full count stays true until we lock.
     */
    private int existing(List<WindowKey> ordered) {
        Integer count = inOrder().execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT count(*) FROM unnest(?::uuid[], ?::timestamptz[]) AS k(budget_id, starts_at)
                    JOIN budget_windows w ON w.budget_id = k.budget_id AND w.starts_at = k.starts_at""")) {
                ps.setArray(1, uuids(connection, ordered.stream().map(WindowKey::budget).toList()));
                ps.setArray(2, times(connection, ordered.stream().map(WindowKey::start).toList()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        return count == null ? 0 : count;
    }

    /**
     * Inserts each missing window (copying the budget's limit) or takes the row lock on the existing one, in lock
     * order; the no-op DO UPDATE is what takes that lock.
     */
    private void openOrLockInOrder(TenantId tenant, List<WindowKey> ordered, ZoneId zone) {
        for (WindowKey key : ordered) {
            inOrder().update("""
                    INSERT INTO budget_windows (tenant_id, budget_id, starts_at, ends_at, limit_nanos, hard)
                    SELECT ?, b.id, ?, ?, b.limit_nanos, b.hard FROM budgets b WHERE b.id = ?
                    ON CONFLICT (tenant_id, budget_id, starts_at) DO UPDATE SET hard = budget_windows.hard""",
                    tenant.value(), Timestamp.from(key.start()), endOf(key, zone), key.budget());
        }
    }

    /** The same windows read again, under the locks this transaction already holds on them. */
    List<LockedWindow> reread(List<LockedWindow> locked) {
        return locked.isEmpty() ? List.of() : select(locked.stream().map(LockedWindow::key).toList());
    }

    /**
     * Locks the windows in lock order, waiting for them ({@code skipLocked} false), or only those nobody else holds
     * right now ({@code skipLocked} true: never waits, so safe while this transaction already holds other windows).
     */
    List<LockedWindow> lockKeys(List<WindowKey> keys, boolean skipLocked) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<WindowKey> ordered = keys.stream().distinct().sorted(WindowKey.LOCK_ORDER).toList();
        return skipLocked ? select(ordered, "FOR UPDATE OF w SKIP LOCKED") : select(ordered);
    }

    /** The windows each of these reservations holds money in, from their HOLD entries. */
    Map<UUID, List<WindowKey>> heldKeys(List<UUID> reservations) {
        Map<UUID, List<WindowKey>> held = new HashMap<>();
        if (reservations.isEmpty()) {
            return held;
        }
        inOrder().execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT e.reservation_id, e.budget_id, e.window_start, b.scope_type FROM ledger_entries e
                    JOIN budgets b ON b.id = e.budget_id
                    WHERE e.reservation_id = ANY (?::uuid[]) AND e.kind = 'HOLD'""")) {
                ps.setArray(1, uuids(connection, reservations));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        held.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                                .add(new WindowKey(rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant(),
                                        WindowKey.rankOf(rs.getString(4))));
                    }
                }
            }
            return null;
        });
        return held;
    }

    private List<LockedWindow> select(List<WindowKey> ordered) {
        return select(ordered, "FOR UPDATE OF w");
    }

    private List<LockedWindow> select(List<WindowKey> ordered, String locking) {
        return inOrder().execute((ConnectionCallback<List<LockedWindow>>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + LOCKED_COLUMNS + """
                     FROM unnest(?::uuid[], ?::timestamptz[]) WITH ORDINALITY AS k(budget_id, starts_at, ord)
                    JOIN budget_windows w ON w.budget_id = k.budget_id AND w.starts_at = k.starts_at
                    JOIN budgets b ON b.id = w.budget_id
                    ORDER BY k.ord\s""" + locking)) {
                ps.setArray(1, uuids(connection, ordered.stream().map(WindowKey::budget).toList()));
                ps.setArray(2, times(connection, ordered.stream().map(WindowKey::start).toList()));
                List<LockedWindow> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID budget = rs.getObject(1, UUID.class);
                        Instant start = rs.getTimestamp(2).toInstant();
                        WindowKey key = ordered.stream().filter(k -> k.budget().equals(budget)
                                && k.start().equals(start)).findFirst().orElseThrow();
                        result.add(locked(key, rs));
                    }
                }
                return result;
            }
        });
    }

    private @Nullable Timestamp endOf(WindowKey key, ZoneId zone) {
        BudgetPeriod period = inOrder().queryForObject("SELECT period FROM budgets WHERE id = ?",
                (rs, i) -> BudgetPeriod.valueOf(rs.getString(1)), key.budget());
        Instant end = period.windowAt(key.start(), zone).end();
        return end == null ? null : Timestamp.from(end);
    }

    /** A reservation and the windows it holds money in, all locked. */
    record LockedHold(Reservation reservation, List<LockedWindow> windows) {
    }

    /**
     * Locks the reservation, then the windows it holds money in, in lock order: two statements in one round trip,
     * the second only once the first has its lock. The windows are locked only if the reservation is
     * {@code agent}'s, so nobody else's call holds them up.
     */
    java.util.Optional<LockedHold> lockWithHeldWindows(UUID reservation, UUID agent) {
        return java.util.Optional.ofNullable(inOrder().execute((ConnectionCallback<@Nullable LockedHold>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT " + ReservationStore.COLUMNS + " FROM reservations WHERE id = ? FOR UPDATE;\n"
                            + "SELECT " + LOCKED_COLUMNS + """
                             FROM ledger_entries e
                            JOIN budget_windows w ON w.budget_id = e.budget_id AND w.starts_at = e.window_start
                            JOIN budgets b ON b.id = w.budget_id
                            WHERE e.reservation_id = ? AND e.kind = 'HOLD'
                              AND EXISTS (SELECT 1 FROM reservations r WHERE r.id = ? AND r.agent_id = ?)
                            ORDER BY\s""" + WindowKey.LOCK_ORDER_SQL + " FOR UPDATE OF w")) {
                ps.setObject(1, reservation);
                ps.setObject(2, reservation);
                ps.setObject(3, reservation);
                ps.setObject(4, agent);
                ps.execute();
                Reservation found = null;
                try (ResultSet rs = ps.getResultSet()) {
                    if (rs.next()) {
                        found = ReservationStore.reservation(rs, 0);
                    }
                }
                List<LockedWindow> held = new ArrayList<>();
                if (ps.getMoreResults()) {
                    try (ResultSet rs = ps.getResultSet()) {
                        while (rs.next()) {
                            held.add(locked(new WindowKey(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                                    WindowKey.rankOf(rs.getString(4))), rs));
                        }
                    }
                }
                return found == null ? null : new LockedHold(found, List.copyOf(held));
            }
        }));
    }

    /** The windows a reservation holds money in, from its HOLD entries, locked in lock order. */
    List<LockedWindow> lockHeldBy(UUID reservation) {
        return lockKeys(heldKeys(List.of(reservation)).getOrDefault(reservation, List.of()), false);
    }

    /**
     * The windows a usage line's money went into, locked in lock order: its reservation's held windows, or the
     * windows its own USAGE entries booked into when it came without a reservation.
     */
    List<LockedWindow> lockBookedBy(UsageLine line) {
        List<WindowKey> keys = inOrder().query("""
                        SELECT DISTINCT e.budget_id, e.window_start, b.scope_type FROM ledger_entries e
                        JOIN budgets b ON b.id = e.budget_id
                        WHERE (e.reservation_id = ? AND e.kind = 'HOLD') OR (e.reference_id = ? AND e.kind = 'USAGE')""",
                (rs, i) -> new WindowKey(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                        WindowKey.rankOf(rs.getString(3))), line.reservation(), line.id());
        return keys.isEmpty() ? List.of() : select(keys.stream().sorted(WindowKey.LOCK_ORDER).toList());
    }

    /** The window of a live budget that contains {@code now}, if the budget exists. */
    java.util.Optional<WindowKey> currentWindow(UUID budget, Instant now, ZoneId zone) {
        return inOrder().query("SELECT scope_type, period FROM budgets WHERE id = ? AND deleted_at IS NULL",
                (rs, i) -> new WindowKey(budget, BudgetPeriod.valueOf(rs.getString(2)).windowAt(now, zone).start(),
                        WindowKey.rankOf(rs.getString(1))), budget).stream().findFirst();
    }

    /** The windows a reservation touched, unlocked, for showing what remains. */
    List<LockedWindow> heldBy(UUID reservation) {
        return inOrder().query("SELECT " + LOCKED_COLUMNS + """
                         FROM ledger_entries e
                        JOIN budget_windows w ON w.budget_id = e.budget_id AND w.starts_at = e.window_start
                        JOIN budgets b ON b.id = w.budget_id
                        WHERE e.reservation_id = ? AND e.kind = 'HOLD'""",
                (rs, i) -> {
                    WindowKey key = new WindowKey(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                            WindowKey.rankOf(rs.getString(4)));
                    return locked(key, rs);
                }, reservation).stream().sorted(Comparator.comparing(LockedWindow::key, WindowKey.LOCK_ORDER))
                .toList();
    }

    /** Writes the movements: the windows' new amounts and one entry each, in the caller's transaction. */
    void apply(TenantId tenant, @Nullable UUID reservation, @Nullable UUID reference, List<Movement> movements) {
        if (movements.isEmpty()) {
            return;
        }
        applyAll(tenant, Collections.nCopies(movements.size(), reservation), reference, movements);
    }

    /**
     * As {@link #apply}, for movements of several reservations at once ({@code reservations.get(i)} wrote
     * {@code movements.get(i)}): one UPDATE of the windows and one INSERT of the entries, however many.
     */
    void applyAll(TenantId tenant, List<@Nullable UUID> reservations, @Nullable UUID reference,
                  List<Movement> movements) {
        applyLater(tenant, reservations, reference, movements);
        writes.flush();
    }

    /** As {@link #apply}, queued with the transaction's other writes ({@link TransactionWrites}). */
    void applyLater(TenantId tenant, @Nullable UUID reservation, @Nullable UUID reference, List<Movement> movements) {
        applyLater(tenant, Collections.nCopies(movements.size(), reservation), reference, movements);
    }

    private void applyLater(TenantId tenant, List<@Nullable UUID> reservations, @Nullable UUID reference,
                            List<Movement> movements) {
        if (movements.isEmpty()) {
            return;
        }
        List<WindowKey> windows = movements.stream().map(Movement::window).toList();
        SqlArrayValue budgets = new SqlArrayValue("uuid", windows.stream().map(WindowKey::budget).toArray());
        SqlArrayValue starts = new SqlArrayValue("timestamptz",
                windows.stream().map(w -> Timestamp.from(w.start())).toArray());
        SqlArrayValue reserved = new SqlArrayValue("bigint", movements.stream().map(Movement::reserved).toArray());
        SqlArrayValue committed = new SqlArrayValue("bigint", movements.stream().map(Movement::committed).toArray());
        SqlArrayValue overrun = new SqlArrayValue("bigint", movements.stream().map(Movement::overrun).toArray());
        writes.defer("""
                UPDATE budget_windows w SET reserved_nanos = w.reserved_nanos + d.r,
                  committed_nanos = w.committed_nanos + d.c, overrun_nanos = w.overrun_nanos + d.o
                FROM (SELECT budget_id, starts_at, sum(r) AS r, sum(c) AS c, sum(o) AS o
                      FROM unnest(?::uuid[], ?::timestamptz[], ?::bigint[], ?::bigint[], ?::bigint[])
                        AS m(budget_id, starts_at, r, c, o) GROUP BY budget_id, starts_at) d
                WHERE w.budget_id = d.budget_id AND w.starts_at = d.starts_at""",
                budgets, starts, reserved, committed, overrun);
        writes.defer("""
                INSERT INTO ledger_entries (tenant_id, budget_id, window_start, kind, reservation_id, reference_id,
                  reserved_delta, committed_delta, overrun_delta)
                SELECT ?, m.budget_id, m.starts_at, m.kind, m.reservation_id, ?, m.r, m.c, m.o
                FROM unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[],
                  ?::uuid[]) WITH ORDINALITY AS m(budget_id, starts_at, kind, r, c, o, reservation_id, ord)
                ORDER BY m.ord""",
                tenant.value(), reference, budgets, starts,
                new SqlArrayValue("text", movements.stream().map(m -> m.kind().name()).toArray()),
                reserved, committed, overrun, new SqlArrayValue("uuid", reservations.toArray()));
    }

    /** Every entry the reservation wrote, oldest first, with the name of the budget it moved. */
    List<LedgerLine> entriesOf(UUID reservation) {
        return inOrder().query("""
                        SELECT e.created_at, e.kind, e.budget_id, b.name, e.window_start, e.reserved_delta,
                          e.committed_delta, e.overrun_delta
                        FROM ledger_entries e JOIN budgets b ON b.tenant_id = e.tenant_id AND b.id = e.budget_id
                        WHERE e.reservation_id = ? ORDER BY e.id""",
                (rs, i) -> new LedgerLine(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getLong(6), rs.getLong(7), rs.getLong(8)),
                reservation);
    }

    /** Records thresholds as emitted in a window the caller holds locked; queued with the transaction's writes. */
    void markThresholds(WindowKey window, List<Integer> percents) {
        writes.defer("""
                UPDATE budget_windows SET thresholds_emitted = thresholds_emitted || ?::smallint[]
                WHERE budget_id = ? AND starts_at = ?""",
                new SqlArrayValue("smallint", percents.stream().map(Integer::shortValue).toArray()), window.budget(),
                Timestamp.from(window.start()));
    }

    private static LockedWindow locked(WindowKey key, ResultSet rs) throws SQLException {
        Object perRequest = rs.getObject("per_request_max_nanos");
        return new LockedWindow(key, rs.getString("name"), rs.getString("scope_type"),
                BudgetPeriod.valueOf(rs.getString("period")), rs.getLong("limit_nanos"), rs.getBoolean("hard"),
                rs.getLong("reserved_nanos"), rs.getLong("committed_nanos"), rs.getLong("overrun_nanos"),
                ints(rs.getArray("soft_thresholds")), ints(rs.getArray("thresholds_emitted")),
                perRequest == null ? null : new Money(((Number) perRequest).longValue()));
    }

    private static List<Integer> ints(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(v -> ((Number) v).intValue()).toList();
    }

    private static Array uuids(Connection connection, List<UUID> values) throws SQLException {
        return connection.createArrayOf("uuid", values.toArray());
    }

    private static Array times(Connection connection, List<Instant> values) throws SQLException {
        return connection.createArrayOf("timestamptz", values.stream().map(Timestamp::from).toArray());
    }

    private static Array longs(Connection connection, List<Long> values) throws SQLException {
        return connection.createArrayOf("bigint", values.toArray());
    }

    private record ChainBudget(UUID id, String scopeType, BudgetPeriod period) {
    }
}
