package io.tollgate.identity.internal.keys;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.identity.AgentId;
import io.tollgate.identity.ApiScope;
import io.tollgate.identity.internal.keys.ApiKeyService.IssuedApiKey;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PrefixedId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Agents' API keys: issue (the secret is in the 201 answer only), list, read, rotate, revoke. */
@RestController
@RequestMapping(path = "/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys")
class ApiKeysApiController {

    static final String KEY = "key";
    static final String AGENT = "agt";

    private final ApiKeyService keys;

    ApiKeysApiController(ApiKeyService keys) {
        this.keys = keys;
    }

    record CreateApiKey(@NotBlank(message = "Give the agent the key is for.") String agentId,
                        @NotBlank(message = "Give the key a name.") @Size(max = 100, message = "At most 100 characters.") String name,
                        @NotEmpty(message = "Choose at least one scope.") List<@NotBlank String> scopes,
                        @Nullable Instant expiresAt,
                        @Nullable @Size(max = ApiKeyService.MAX_CIDRS, message = "At most 20 address ranges.") List<@NotBlank String> allowedCidrs) {
    }

    record RotateApiKey(@Nullable @Min(value = 0, message = "Use 0 or more seconds.")
                        @Max(value = 604_800, message = "At most 7 days (604800 seconds).") Long overlapSeconds) {
    }

    record ApiKey(String id, String agentId, String agentName, String name, String prefix, List<String> scopes,
                  List<String> allowedCidrs, @Nullable Instant expiresAt, String status, Instant createdAt,
                  String createdBy, @Nullable String rotatedFrom, @Nullable Instant revokedAt,
                  @Nullable Instant lastUsedAt) {

        static ApiKey of(ApiKeyRecord key) {
            return new ApiKey(PrefixedId.format(KEY, key.id()), PrefixedId.format(AGENT, key.agent().value()),
                    key.agentName(), key.name(), key.displayId(), ApiKeyStore.scopeValues(key.scopes()),
                    key.allowedCidrs(), key.expiresAt(), key.status(Instant.now()).name().toLowerCase(java.util.Locale.ROOT),
                    key.createdAt(), key.createdBy(),
                    key.rotatedFrom() == null ? null : PrefixedId.format(KEY, key.rotatedFrom()), key.revokedAt(),
                    key.lastUsedAt());
        }
    }

    /** The only answer that ever carries the secret. */
    record IssuedKey(ApiKey key, String secret) {

        static IssuedKey of(IssuedApiKey issued) {
            return new IssuedKey(ApiKey.of(issued.key()), issued.plaintext());
        }
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ApiKeyPage")
    record Page(List<ApiKey> data, @Nullable String nextCursor) {
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List API keys (newest first) the caller manages, optionally of one agent")
    Page list(@RequestParam(name = "agent_id", required = false) @Nullable String agentId,
              @RequestParam(name = "limit", defaultValue = "50")
              @Min(value = 1, message = "Use 1–200.") @Max(value = 200, message = "Use 1–200.") int limit,
              @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        AgentId agent = agentId == null ? null : new AgentId(PrefixedId.parse(AGENT, agentId, "agent"));
        UUID after = cursor == null ? null : PrefixedId.parse(KEY, cursor, "cursor");
        var page = keys.list(agent, after, limit);
        return new Page(page.items().stream().map(ApiKey::of).toList(),
                page.nextCursor() == null ? null : PrefixedId.format(KEY, page.nextCursor()));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Issued; the secret is in this answer only")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "issueApiKey", summary = "Issue an API key to an agent; the secret is returned once, in this answer")
    ResponseEntity<IssuedKey> create(@Valid @RequestBody CreateApiKey request) {
        AgentId agent = new AgentId(PrefixedId.parse(AGENT, request.agentId(), "agent"));
        IssuedApiKey issued = keys.create(new ApiKeyService.NewApiKey(agent, request.name(),
                scopes(request.scopes()), request.expiresAt(),
                request.allowedCidrs() == null ? List.of() : request.allowedCidrs()));
        return created(issued);
    }

    @Operation(operationId = "getApiKey", summary = "One API key, never its secret")
    @GetMapping("/{id}")
    ApiKey get(@PathVariable("id") String id) {
        return ApiKey.of(keys.get(PrefixedId.parse(KEY, id, "API key")));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "The successor, with its secret")
    @PostMapping(path = "/{id}/rotate")
    @Operation(operationId = "rotateApiKey", summary = "Issue a successor key; the old one keeps working for overlap_seconds (default 1 day)")
    ResponseEntity<IssuedKey> rotate(@PathVariable("id") String id,
                                     @Valid @RequestBody(required = false) @Nullable RotateApiKey request) {
        long overlap = request == null || request.overlapSeconds() == null ? 86_400 : request.overlapSeconds();
        return created(keys.rotate(PrefixedId.parse(KEY, id, "API key"), Duration.ofSeconds(overlap)));
    }

    @PostMapping("/{id}/revoke")
    @Operation(operationId = "revokeApiKey", summary = "Revoke a key at once")
    ApiKey revoke(@PathVariable("id") String id) {
        return ApiKey.of(keys.revoke(PrefixedId.parse(KEY, id, "API key")));
    }

    private static ResponseEntity<IssuedKey> created(IssuedApiKey issued) {
        return ResponseEntity.created(URI.create("/v1/api-keys/" + PrefixedId.format(KEY, issued.key().id())))
                .header("Cache-Control", "no-store")
                .body(IssuedKey.of(issued));
    }

    private static Set<ApiScope> scopes(List<String> values) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String value : values) {
            scopes.add(ApiScope.fromValue(value).orElseThrow(() -> new InvalidInputException("scopes",
                    "\"" + value + "\" is not a scope; use reservations:write, usage:write, read or admin.")));
        }
        return scopes;
    }
}
