package io.tollgate.audit;

import io.tollgate.platform.TenantId;

/**
 * The audit sealer's synchronous door. Audited writes record their events unsealed and a background sealer chains
 * them shortly after commit (ADR 0052); whoever needs the seal now (an operator, a test that reads hashes right
 * after a write) asks for it here. Safe alongside the background sealer and other replicas: each tenant's chain
 * has one sealer at a time, and every event is sealed exactly once.
 */
public interface AuditSeals {

    /**
     * Seals every event of the tenant committed before this call, waiting for a sealer busy with the tenant
     * elsewhere; returns how many this call sealed (others may have sealed some first).
     */
    int sealNow(TenantId tenant);

    /** {@link #sealNow(TenantId)} for every tenant with events waiting; returns how many were sealed. */
    long sealAll();
}
