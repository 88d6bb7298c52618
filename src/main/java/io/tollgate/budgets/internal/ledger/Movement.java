package io.tollgate.budgets.internal.ledger;

/** One ledger entry to write: how a window's reserved, committed and overrun amounts change (nano-USD). */
record Movement(WindowKey window, Kind kind, long reserved, long committed, long overrun) {

    enum Kind { HOLD, RELEASE, EXPIRE, COMMIT, OVERRUN, USAGE, ADJUSTMENT }

    static Movement hold(WindowKey window, long amount) {
        return new Movement(window, Kind.HOLD, amount, 0, 0);
    }

    static Movement release(WindowKey window, long amount, Kind kind) {
        return new Movement(window, kind, -amount, 0, 0);
    }
}
