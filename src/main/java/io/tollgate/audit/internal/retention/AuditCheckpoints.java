package io.tollgate.audit.internal.retention;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.audit.AuditCheckpoint;
import io.tollgate.platform.Ids;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.platform.TenantTransactions;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signs chain heads (periodically and at every archive cut) and lists the bound tenant's checkpoints. */
@Service
public class AuditCheckpoints {

    private final RetentionStore store;
    private final AuditSigningKey key;
    private final TenantTransactions transactions;
    private final Clock clock;
    private final Counter signed;

    AuditCheckpoints(RetentionStore store, AuditSigningKey key, TenantTransactions transactions, Clock clock,
                     MeterRegistry meters) {
        this.store = store;
        this.key = key;
        this.transactions = transactions;
        this.clock = clock;
        this.signed = Counter.builder("tollgate.audit.checkpoints.signed")
                .description("Audit chain checkpoints signed").register(meters);
    }

    /** Signs the tenant's current head if no checkpoint of this key covers it yet; empty when the chain is empty. */
    public Optional<AuditCheckpoint> checkpointHead(TenantId tenant) {
        return transactions.asTenant(tenant, () -> store.head().map(head -> {
            Optional<AuditCheckpoint> latest = store.latestCheckpoint();
            if (latest.isPresent() && latest.get().seq() >= head.seq() && latest.get().keyId().equals(key.keyId())) {
                return latest.get();
            }
            return at(tenant, head.seq(), head.hash());
        }));
    }

    /** A checkpoint of this key for the event, made now unless one exists; inside the caller's tenant transaction. */
    AuditCheckpoint at(TenantId tenant, long seq, String hash) {
        Optional<AuditCheckpoint> existing = store.checkpoint(seq, key.keyId());
        if (existing.isPresent() && existing.get().hash().equals(hash)) {
            return existing.get();
        }
        AuditCheckpoint checkpoint = key.sign(tenant.value(), seq, hash, clock.instant());
        store.insertCheckpoint(Ids.newUuid(), checkpoint);
        signed.increment();
        // A concurrent replica may have inserted its own first; the stored one is the one to hand out.
        return store.checkpoint(seq, key.keyId()).orElse(checkpoint);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'ANALYST')")
    public List<AuditCheckpoint> latest(int limit) {
        TenantScope.requireTenant();
        return store.checkpoints(limit);
    }

    RetentionViews.SigningKeyView signingKey() {
        return new RetentionViews.SigningKeyView("Ed25519", key.keyId(), key.publicKey());
    }

    String publicKey() {
        return key.publicKey();
    }
}
