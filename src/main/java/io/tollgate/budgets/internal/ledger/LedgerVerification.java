package io.tollgate.budgets.internal.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One run of the projection check: how many windows it compared and each one whose amounts differ from its entries. */
public record LedgerVerification(UUID id, Instant checkedAt, int windowsChecked, List<Mismatch> mismatches) {

    /** A window whose stored amounts are not the sum of its entries. */
    public record Mismatch(UUID budget, Instant windowStart, long reserved, long committed, long overrun,
                           long entriesReserved, long entriesCommitted, long entriesOverrun) {
    }
}
