package io.tollgate.budgets.internal.leases;

import java.net.URI;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.identity.AgentId;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PreconditionRequiredException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.VersionTags;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fencing leases of the calling agent, and each agent's lease policy (docs/leases.md, ADR 0035). Lease calls take
 * no {@code Idempotency-Key}: they move no money, and each is safe to retry by construction (an acquire by the
 * holding instance keeps its epoch, a heartbeat only extends, a second release answers the released lease).
 */
@RestController
@Validated
@Tag(name = "Leases")
class LeasesApiController {

    private static final String LEASE_EXAMPLE = """
            {"agent_id":"agt_01933b2a4c7e7f0a8d2b6c1e5f4a3b2c","epoch":8,"instance_id":"worker-7f3c","state":"held",
             "acquired_at":"2026-12-01T10:00:00Z","heartbeat_at":"2026-12-01T10:00:00Z",
             "expires_at":"2026-12-01T10:00:30Z","released_at":null}""";
    private static final String HELD_EXAMPLE = """
            {"type":"https://tollgate.io/problems/lease-held","title":"Conflict","status":409,
             "detail":"Instance \\"worker-1a2b\\" holds this agent's lease (epoch 7) until 2026-12-01T10:00:21Z. Wait for it to expire or be released, or send takeover: true.",
             "instance":"/v1/leases"}""";
    private static final String STALE_EXAMPLE = """
            {"type":"https://tollgate.io/problems/stale-lease","title":"Conflict","status":409,
             "detail":"Lease epoch 7 is stale: this agent's current epoch is 8; another instance holds the lease.",
             "instance":"/v1/leases/7/heartbeat"}""";
    private static final String POLICY_EXAMPLE = """
            {"agent_id":"agt_01933b2a4c7e7f0a8d2b6c1e5f4a3b2c","leases_required":true,"default_ttl_seconds":30,
             "updated_by":"Ada Admin","updated_at":"2026-12-01T09:00:00Z","current_lease":{"agent_id":"agt_01933b2a4c7e7f0a8d2b6c1e5f4a3b2c",
             "epoch":8,"instance_id":"worker-7f3c","state":"held","acquired_at":"2026-12-01T10:00:00Z",
             "heartbeat_at":"2026-12-01T10:00:10Z","expires_at":"2026-12-01T10:00:40Z","released_at":null}}""";

    private final LeaseService leases;

    LeasesApiController(LeaseService leases) {
        this.leases = leases;
    }

    record AcquireBody(@NotNull(message = "Name this instance, e.g. the host name and process id.")
                       @Pattern(regexp = "[\\x21-\\x7E]{1,128}", message = "Use 1–128 visible ASCII characters.")
                       String instanceId,
                       @Nullable @Min(value = LeasePolicy.MIN_TTL_SECONDS, message = "Use 5 to 300 seconds.")
                       @Max(value = LeasePolicy.MAX_TTL_SECONDS, message = "Use 5 to 300 seconds.") Integer ttlSeconds,
                       @Nullable Boolean takeover) {
    }

    record HeartbeatBody(@Nullable @Min(value = LeasePolicy.MIN_TTL_SECONDS, message = "Use 5 to 300 seconds.")
                         @Max(value = LeasePolicy.MAX_TTL_SECONDS, message = "Use 5 to 300 seconds.")
                         Integer ttlSeconds) {
    }

    record PolicyBody(@NotNull(message = "Say whether this agent's reservations need a lease (true or false).")
                      Boolean leasesRequired,
                      @Nullable @Min(value = LeasePolicy.MIN_TTL_SECONDS, message = "Use 5 to 300 seconds.")
                      @Max(value = LeasePolicy.MAX_TTL_SECONDS, message = "Use 5 to 300 seconds.")
                      Integer defaultTtlSeconds) {
    }

    record LeaseBody(String agentId, long epoch, @Nullable String instanceId, String state,
                     @Nullable Instant acquiredAt, @Nullable Instant heartbeatAt, @Nullable Instant expiresAt,
                     @Nullable Instant releasedAt) {

        static LeaseBody of(Lease lease) {
            return new LeaseBody(PrefixedId.format("agt", lease.agent()), lease.epoch(), lease.holder(),
                    lease.state(), lease.acquiredAt(), lease.heartbeatAt(), lease.expiresAt(), lease.releasedAt());
        }
    }

    record CurrentBody(String agentId, long epoch, @Nullable String instanceId, String state,
                       @Nullable Instant acquiredAt, @Nullable Instant heartbeatAt, @Nullable Instant expiresAt,
                       @Nullable Instant releasedAt, boolean leasesRequired, int defaultTtlSeconds) {

        static CurrentBody of(LeaseService.PolicyView view) {
            Lease lease = view.lease();
            return new CurrentBody(PrefixedId.format("agt", lease.agent()), lease.epoch(), lease.holder(),
                    lease.state(), lease.acquiredAt(), lease.heartbeatAt(), lease.expiresAt(), lease.releasedAt(),
                    view.policy().leasesRequired(), view.policy().defaultTtlSeconds());
        }
    }

    record PolicyView(String agentId, boolean leasesRequired, int defaultTtlSeconds, @Nullable String updatedBy,
                      @Nullable Instant updatedAt, LeaseBody currentLease) {

        static PolicyView of(LeaseService.PolicyView view) {
            LeasePolicy p = view.policy();
            return new PolicyView(PrefixedId.format("agt", p.agent()), p.leasesRequired(), p.defaultTtlSeconds(),
                    p.updatedBy(), p.updatedAt(), LeaseBody.of(view.lease()));
        }
    }

    @Operation(operationId = "acquireLease", summary = "Acquire the calling agent's lease, or take it over",
            description = "201 with a new epoch when the lease is free, expired or released, or with takeover: true "
                    + "(the old epoch is stale from then on). 200 with the same epoch, extended, when this "
                    + "instance_id holds it already. 409 lease-held when another instance holds a live lease. "
                    + "Expiry is decided by the database clock. No Idempotency-Key: retrying is safe as described.")
    @ApiResponse(responseCode = "201", description = "Granted a new epoch",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = LeaseBody.class), examples = @ExampleObject(value = LEASE_EXAMPLE)))
    @ApiResponse(responseCode = "200", description = "This instance holds it already; extended, same epoch",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = LeaseBody.class), examples = @ExampleObject(value = LEASE_EXAMPLE)))
    @ApiResponse(responseCode = "409", description = "lease-held: another instance holds a live lease",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(value = HELD_EXAMPLE)))
    @ApiResponse(responseCode = "422", description = "validation-failed: instance_id or ttl_seconds (5–300)")
    @PostMapping(path = "/v1/leases", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<LeaseBody> acquire(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            examples = @ExampleObject(value = "{\"instance_id\":\"worker-7f3c\",\"ttl_seconds\":30,\"takeover\":false}")))
                                      @Valid @RequestBody AcquireBody body) {
        LeaseService.Acquired acquired = leases.acquire(body.instanceId(), body.ttlSeconds(),
                Boolean.TRUE.equals(body.takeover()));
        LeaseBody lease = LeaseBody.of(acquired.lease());
        return acquired.granted()
                ? ResponseEntity.created(URI.create("/v1/leases/current")).body(lease)
                : ResponseEntity.ok(lease);
    }

    @Operation(operationId = "heartbeatLease", summary = "Heartbeat: extend the live lease of this epoch by its TTL from now",
            description = "409 stale-lease when the epoch is not current, or its lease expired or was released.")
    @ApiResponse(responseCode = "200", description = "Extended", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = LeaseBody.class),
            examples = @ExampleObject(value = LEASE_EXAMPLE)))
    @ApiResponse(responseCode = "409", description = "stale-lease", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = STALE_EXAMPLE)))
    @PostMapping(path = "/v1/leases/{epoch}/heartbeat", produces = MediaType.APPLICATION_JSON_VALUE)
    LeaseBody heartbeat(@PathVariable("epoch") String epoch,
                        @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
                                examples = @ExampleObject(value = "{\"ttl_seconds\":30}")))
                        @Valid @RequestBody(required = false) @Nullable HeartbeatBody body) {
        return LeaseBody.of(leases.heartbeat(epoch(epoch), body == null ? null : body.ttlSeconds()));
    }

    @Operation(operationId = "releaseLease", summary = "Release the lease of this epoch",
            description = "Releasing it again answers the released lease; 409 stale-lease once another epoch "
                    + "replaced it.")
    @ApiResponse(responseCode = "200", description = "Released")
    @ApiResponse(responseCode = "409", description = "stale-lease", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = STALE_EXAMPLE)))
    @PostMapping(path = "/v1/leases/{epoch}/release", produces = MediaType.APPLICATION_JSON_VALUE)
    LeaseBody release(@PathVariable("epoch") String epoch) {
        return LeaseBody.of(leases.release(epoch(epoch)));
    }

    @Operation(operationId = "getCurrentLease", summary = "The calling agent's lease as it is now, with its policy",
            description = "state is held, expired, released, or none (never held; epoch 0).")
    @GetMapping(path = "/v1/leases/current", produces = MediaType.APPLICATION_JSON_VALUE)
    CurrentBody current() {
        return CurrentBody.of(leases.current());
    }

    @Operation(operationId = "getLeasePolicy", summary = "An agent's lease policy and its current lease",
            description = "The ETag is needed in If-Match to change the policy; an agent nobody configured answers "
                    + "the defaults with ETag \"v0\".")
    @ApiResponse(responseCode = "200", description = "The policy", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PolicyView.class),
            examples = @ExampleObject(value = POLICY_EXAMPLE)))
    @GetMapping(path = "/v1/agents/{id}/lease-policy", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PolicyView> policy(@PathVariable("id") String id) {
        LeaseService.PolicyView view = leases.policy(new AgentId(PrefixedId.parse("agt", id, "agent")));
        return ResponseEntity.ok().eTag(VersionTags.of(view.policy().version())).body(PolicyView.of(view));
    }

    @Operation(operationId = "updateLeasePolicy", summary = "Change an agent's lease policy (If-Match required)",
            description = "Owners, admins and the agent's team admins. 428 without If-Match, 412 when it is stale.")
    @ApiResponse(responseCode = "200", description = "Changed", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PolicyView.class),
            examples = @ExampleObject(value = POLICY_EXAMPLE)))
    @ApiResponse(responseCode = "412", description = "precondition-failed: the policy changed since it was read")
    @ApiResponse(responseCode = "428", description = "precondition-required: send If-Match")
    @PutMapping(path = "/v1/agents/{id}/lease-policy", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PolicyView> updatePolicy(@PathVariable("id") String id,
                                            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                                    examples = @ExampleObject(value = "{\"leases_required\":true,"
                                                            + "\"default_ttl_seconds\":30}")))
                                            @Valid @RequestBody PolicyBody body,
                                            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        AgentId agent = new AgentId(PrefixedId.parse("agt", id, "agent"));
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException("Send If-Match with the lease policy's ETag (read it first).");
        }
        LeaseService.PolicyView view = leases.updatePolicy(agent, VersionTags.parse(ifMatch, "lease policy"),
                body.leasesRequired(), body.defaultTtlSeconds());
        return ResponseEntity.ok().eTag(VersionTags.of(view.policy().version())).body(PolicyView.of(view));
    }

    private static long epoch(String value) {
        try {
            long epoch = Long.parseLong(value);
            if (epoch >= 1) {
                return epoch;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidInputException("epoch", "Use the epoch POST /v1/leases answered (a whole number from 1).");
    }
}
