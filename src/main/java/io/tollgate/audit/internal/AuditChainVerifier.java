package io.tollgate.audit.internal;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import io.tollgate.audit.AuditChain;
import io.tollgate.audit.AuditRecord;
import io.tollgate.audit.AuditVerification;
import io.tollgate.audit.AuditVerification.Problem;
import org.springframework.stereotype.Component;

/**
 * Walks the bound tenant's sealed chain in seq order and names the first event that breaks it. After a purge the
 * stored chain starts at the latest purge anchor: the first event must be the anchor's next seq and link to its
 * hash. Events not sealed yet are counted as pending, never judged: they have no place in the chain until the
 * sealer gives them one (ADR 0052).
 */
@Component
class AuditChainVerifier {

    private final AuditStore store;
    private final Clock clock;

    AuditChainVerifier(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    AuditVerification verifyBoundTenant() {
        // Counted before the walk: an event sealed in between is then counted twice, never missed.
        AuditStore.Pending pending = store.pending();
        Walk walk = store.latestPurgeAnchor().map(anchor -> new Walk(anchor.upToSeq() + 1, anchor.lastHash()))
                .orElseGet(Walk::new);
        store.forEachInChain(walk::check);
        return walk.result(clock, pending);
    }

    /** The state of one walk; stops judging at the first break but keeps counting. */
    static final class Walk {

        private long checked;
        private long expectedSeq;
        private String expectedPrev;
        private Long lastSeq;
        private final AtomicReference<AuditRecord> broken = new AtomicReference<>();
        private Problem problem;

        Walk() {
            this(1, AuditChain.GENESIS);
        }

        Walk(long firstSeq, String prevHash) {
            this.expectedSeq = firstSeq;
            this.expectedPrev = prevHash;
        }

        void check(AuditRecord record) {
            checked++;
            lastSeq = record.seq();
            if (broken.get() == null) {
                if (record.seq() == null || record.seq() != expectedSeq) {
                    fail(record, Problem.GAP);
                } else if (!expectedPrev.equals(record.prevHash())) {
                    fail(record, Problem.LINK_MISMATCH);
                } else if (!AuditChain.hash(record).equals(record.hash())) {
                    fail(record, Problem.HASH_MISMATCH);
                }
            }
            expectedSeq = record.seq() == null ? expectedSeq : record.seq() + 1;
            expectedPrev = record.hash() == null ? expectedPrev : record.hash();
        }

        private void fail(AuditRecord record, Problem why) {
            broken.set(record);
            problem = why;
        }

        AuditVerification result(Clock clock, AuditStore.Pending pending) {
            AuditRecord first = broken.get();
            return new AuditVerification(first == null, checked, lastSeq, first == null ? null : first.seq(),
                    first == null ? null : first.id(), problem, clock.instant(), pending.count(), pending.oldest());
        }
    }
}
