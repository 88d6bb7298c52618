package io.tollgate.budgets.internal.leases;

import io.tollgate.identity.AgentId;
import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.TenantConfigCache;
import io.tollgate.platform.TenantScope;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fence the ledger passes before it changes anything (ADR 0035). It runs inside the caller's transaction and
 * locks the agent's lease row (exclusively: see {@link LeaseStore#lockForFence}), so the check holds until that
 * transaction ends: a takeover waits for every reservation that passed with the old epoch, and every reservation
 * that arrives after it sees the new one. A refusal throws before any write, and the transaction rolls back, so
 * nothing changes. Reservations without an epoch take no lease lock at all.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class LeaseFence {

    public static final String STALE_LEASE = "stale-lease";
    public static final String LEASE_REQUIRED = "lease-required";

    private final LeaseStore store;
    /** Whether an agent's policy requires leases, per tenant configuration version (ADR 0054). */
    private final TenantConfigCache<AgentId, Boolean> leasesRequired = new TenantConfigCache<>(100_000);

    LeaseFence(LeaseStore store) {
        this.store = store;
    }

    /**
     * A reservation may go ahead: with {@code epoch}, only if it is the agent's current epoch and that lease is
     * live by the database clock; without, only if the agent's policy does not require leases.
     */
    public void admitReservation(AgentId agent, @Nullable Long epoch) {
        if (epoch == null) {
            if (leasesRequired(agent)) {
                throw new ApiProblemException(409, LEASE_REQUIRED, "This agent's reservations need a live lease: "
                        + "acquire one with POST /v1/leases and send its epoch as lease_epoch.");
            }
            return;
        }
        Lease current = store.lockForFence(agent.value()).orElseGet(() -> Lease.none(agent.value()));
        requireCurrent(current, epoch);
        if (!current.live()) {
            throw new ApiProblemException(409, STALE_LEASE, "The lease with epoch " + epoch + " has "
                    + current.state() + "; acquire a new lease before reserving.");
        }
    }

    /**
     * A commit may go ahead unless it carries an epoch that another acquisition has replaced. A lease that merely
     * lapsed with no successor does not stop a commit: the money was spent, and booking it is better than not.
     */
    public void admitCommit(AgentId agent, @Nullable Long epoch) {
        if (epoch == null) {
            return;
        }
        requireCurrent(store.lockForFence(agent.value()).orElseGet(() -> Lease.none(agent.value())), epoch);
    }

    private boolean leasesRequired(AgentId agent) {
        return leasesRequired.get(TenantScope.requireTenant(), agent,
                () -> store.policy(agent.value()).map(LeasePolicy::leasesRequired).orElse(false));
    }

    private static void requireCurrent(Lease current, long epoch) {
        if (current.epoch() != epoch) {
            throw new ApiProblemException(409, STALE_LEASE, "Lease epoch " + epoch + " is stale: this agent's "
                    + "current epoch is " + current.epoch() + ". Another instance holds the lease; stop working.");
        }
    }
}
