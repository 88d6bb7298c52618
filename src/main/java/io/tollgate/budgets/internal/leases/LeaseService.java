package io.tollgate.budgets.internal.leases;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.budgets.LeaseRecorded;
import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiPrincipal;
import io.tollgate.identity.OrgScopes;
import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fencing leases (ADR 0035). An agent's credential acquires, heartbeats and releases its own agent's lease; every
 * member reads an agent's lease policy, and the people who manage the agent's budgets (owners, admins, the team's
 * TEAM_ADMIN) change it. Expiry is decided by the database clock only.
 */
@Service
@Transactional
public class LeaseService {

    static final String AGENTS = "hasAuthority('SCOPE_reservations:write')";
    static final String READERS = "hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')";

    /** A lease after an acquisition; {@code granted} is false when the holder asked again and kept its epoch. */
    public record Acquired(Lease lease, boolean granted) {
    }

    /** An agent's policy with its lease as it is now. */
    public record PolicyView(LeasePolicy policy, Lease lease) {
    }

    private final LeaseStore store;
    private final OrgScopes scopes;
    private final ApplicationEventPublisher events;

    LeaseService(LeaseStore store, OrgScopes scopes, ApplicationEventPublisher events) {
        this.store = store;
        this.scopes = scopes;
        this.events = events;
    }

    /**
     * A new epoch when the lease is free, expired or released, or when {@code takeover} is asked; the same epoch,
     * extended, when this instance already holds it (a retried acquire is harmless); {@code 409 lease-held} when
     * another instance holds it.
     */
    @PreAuthorize(AGENTS)
    public Acquired acquire(String instance, @Nullable Integer ttlSeconds, boolean takeover) {
        UUID agent = callingAgent();
        int ttl = ttl(agent, ttlSeconds);
        Lease current = store.lockForUpdate(tenant(), agent);
        if (current.live() && !takeover) {
            if (instance.equals(current.holder())) {
                return new Acquired(store.heartbeat(agent, current.epoch(), ttl).orElseThrow(), false);
            }
            throw new ApiProblemException(409, "lease-held", "Instance \"" + current.holder()
                    + "\" holds this agent's lease (epoch " + current.epoch() + ") until " + current.expiresAt()
                    + ". Wait for it to expire or be released, or send takeover: true.");
        }
        Lease granted = store.grant(agent, current.epoch(), instance, ttl);
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("epoch", new Change(current.epoch(), granted.epoch()));
        changes.put("instance_id", new Change(current.holder(), granted.holder()));
        if (current.live()) {
            changes.put("previous_expires_at", Change.added(String.valueOf(current.expiresAt())));
        }
        changes.put("expires_at", Change.added(String.valueOf(granted.expiresAt())));
        publish(current.live() ? "lease.taken_over" : "lease.acquired", agent, changes);
        return new Acquired(granted, true);
    }

    /** Extends the live lease of this epoch by its TTL from now; {@code 409 stale-lease} if it is not that. */
    @PreAuthorize(AGENTS)
    public Lease heartbeat(long epoch, @Nullable Integer ttlSeconds) {
        UUID agent = callingAgent();
        int ttl = ttl(agent, ttlSeconds);
        return store.heartbeat(agent, epoch, ttl).orElseThrow(() -> stale(agent, epoch));
    }

    /** Ends the lease of this epoch; releasing it again answers the released lease. */
    @PreAuthorize(AGENTS)
    public Lease release(long epoch) {
        UUID agent = callingAgent();
        Lease current = store.lockForUpdate(tenant(), agent);
        if (current.epoch() != epoch || current.holder() == null) {
            throw stale(agent, epoch);
        }
        if (current.releasedAt() != null) {
            return current;
        }
        Lease released = store.release(agent, epoch);
        publish("lease.released", agent, Map.of("epoch", Change.added(epoch),
                "instance_id", new Change(current.holder(), null)));
        return released;
    }

    @PreAuthorize(AGENTS)
    @Transactional(readOnly = true)
    public PolicyView current() {
        UUID agent = callingAgent();
        return view(agent);
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public PolicyView policy(AgentId agent) {
        requireAgent(agent);
        return view(agent.value());
    }

    /** Whether the caller may change this agent's policy (the console shows the form only then). */
    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public boolean mayChangePolicy(AgentId agent) {
        return scopes.managesSomeTeam() && scopes.chainOf(agent).map(c -> scopes.manages(c.team())).orElse(false);
    }

    /** Changes the policy if {@code expectedVersion} is still current (0 before anyone set one); else 412. */
    public PolicyView updatePolicy(AgentId agent, long expectedVersion, boolean leasesRequired,
                                   @Nullable Integer defaultTtlSeconds) {
        if (!scopes.managesSomeTeam()) {
            throw new AccessDeniedException("Only owners, admins and team admins change lease policies.");
        }
        OrgScopes.AgentChain chain = requireAgent(agent);
        if (!scopes.manages(chain.team())) {
            throw NotFoundException.of("agent");
        }
        LeasePolicy before = store.lockPolicy(agent.value()).orElseGet(() -> LeasePolicy.defaults(agent.value()));
        if (before.version() != expectedVersion) {
            throw new PreconditionFailedException("The lease policy changed since you read it; read it again.");
        }
        int ttl = defaultTtlSeconds == null ? before.defaultTtlSeconds() : defaultTtlSeconds;
        if (ttl < LeasePolicy.MIN_TTL_SECONDS || ttl > LeasePolicy.MAX_TTL_SECONDS) {
            throw new InvalidInputException("default_ttl_seconds", "Use " + LeasePolicy.MIN_TTL_SECONDS + " to "
                    + LeasePolicy.MAX_TTL_SECONDS + " seconds.");
        }
        if (!store.savePolicy(tenant(), agent.value(), expectedVersion, leasesRequired, ttl,
                TenantScope.currentActor().displayName())) {
            throw new PreconditionFailedException("The lease policy changed since you read it; read it again.");
        }
        Map<String, Change> changes = new LinkedHashMap<>();
        if (before.leasesRequired() != leasesRequired) {
            changes.put("leases_required", new Change(before.leasesRequired(), leasesRequired));
        }
        if (before.defaultTtlSeconds() != ttl) {
            changes.put("default_ttl_seconds", new Change(before.defaultTtlSeconds(), ttl));
        }
        publish("lease_policy.changed", agent.value(), changes);
        return view(agent.value());
    }

    private PolicyView view(UUID agent) {
        return new PolicyView(store.policy(agent).orElseGet(() -> LeasePolicy.defaults(agent)),
                store.find(agent).orElseGet(() -> Lease.none(agent)));
    }

    private int ttl(UUID agent, @Nullable Integer ttlSeconds) {
        if (ttlSeconds != null) {
            return ttlSeconds;
        }
        return store.policy(agent).map(LeasePolicy::defaultTtlSeconds).orElse(LeasePolicy.DEFAULT_TTL_SECONDS);
    }

    private ApiProblemException stale(UUID agent, long epoch) {
        Lease current = store.find(agent).orElseGet(() -> Lease.none(agent));
        String why = current.epoch() != epoch
                ? "this agent's current epoch is " + current.epoch() + "; another instance holds the lease"
                : "that lease has " + current.state() + "; acquire a new one";
        return new ApiProblemException(409, LeaseFence.STALE_LEASE, "Lease epoch " + epoch + " is stale: " + why + ".");
    }

    private OrgScopes.AgentChain requireAgent(AgentId agent) {
        return scopes.chainOf(agent).orElseThrow(() -> NotFoundException.of("agent"));
    }

    private UUID callingAgent() {
        AgentId agent = ApiPrincipal.current().map(ApiPrincipal::agent)
                .orElseThrow(() -> new AccessDeniedException("Only an agent's credential holds a lease."));
        OrgScopes.AgentChain chain = requireAgent(agent);
        if (!chain.active()) {
            throw new AccessDeniedException("This agent is disabled.");
        }
        return Objects.requireNonNull(chain.agent()).value();
    }

    private void publish(String action, UUID agent, Map<String, Change> changes) {
        events.publishEvent(new LeaseRecorded(tenant(), action, agent, changes));
    }

    private static TenantId tenant() {
        return TenantScope.requireTenant();
    }
}
