package io.tollgate.budgets.internal;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.budgets.BudgetPeriod;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
import io.tollgate.platform.PreconditionRequiredException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.VersionTags;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Budgets ({@code bud_…}); amounts are USD decimal strings ({@code "250.00"}, up to 9 decimals). Changes need the
 * ETag of the budget in {@code If-Match}: 428 without it, 412 when it is stale.
 */
@RestController
@Validated
@Tag(name = "Budgets")
class BudgetsApiController {

    static final String PREFIX = "bud";
    private static final List<String> SCOPE_PREFIXES = List.of("team", "prj", "agt");

    private final BudgetService budgets;

    BudgetsApiController(BudgetService budgets) {
        this.budgets = budgets;
    }

    record NewBudget(@NotBlank(message = "Give the budget a name.") @Size(max = 100, message = "Use 1–100 characters.") String name,
                     @NotBlank(message = "Use org, team, project or agent.") String scopeType,
                     @Nullable String scopeId,
                     @NotBlank(message = "Use daily, weekly, monthly or lifetime.") String period,
                     @NotBlank(message = "Give the limit in USD, e.g. 250.00.") String limitUsd,
                     @Nullable Boolean hard,
                     @Nullable List<Integer> softThresholds,
                     @Nullable String perRequestMaxUsd) {
    }

    record BudgetPatch(@Nullable @Size(min = 1, max = 100, message = "Use 1–100 characters.") String name,
                       @Nullable String limitUsd,
                       @Nullable Boolean hard,
                       @Nullable List<Integer> softThresholds,
                       @Nullable String perRequestMaxUsd,
                       @Nullable Boolean clearPerRequestMax) {
    }

    record Window(Instant startsAt, @Nullable Instant endsAt, String limitUsd, String spentUsd, String heldUsd,
                  String remainingUsd) {
    }

    record BudgetBody(String id, String name, String scopeType, @Nullable String scopeId, String period,
                      String limitUsd, boolean hard, List<Integer> softThresholds, @Nullable String perRequestMaxUsd,
                      Window currentWindow, Instant createdAt, Instant updatedAt) {

        static BudgetBody of(BudgetService.View view) {
            Budget b = view.budget();
            Budget.WindowUsage w = view.current();
            return new BudgetBody(PrefixedId.format(PREFIX, b.id()), b.name(), lower(b.scopeType().name()),
                    scopeId(b), lower(b.period().name()), b.limit().toUsdString(), b.hard(), b.softThresholds(),
                    b.perRequestMax() == null ? null : b.perRequestMax().toUsdString(),
                    new Window(w.window().start(), w.window().end(), w.limit().toUsdString(),
                            w.spent().toUsdString(), w.reserved().toUsdString(), w.remaining().toUsdString()),
                    b.createdAt(), b.updatedAt());
        }

        private static @Nullable String scopeId(Budget b) {
            return switch (b.scopeType()) {
                case ORG -> null;
                case TEAM -> PrefixedId.format("team", b.scopeId());
                case PROJECT -> PrefixedId.format("prj", b.scopeId());
                case AGENT -> PrefixedId.format("agt", b.scopeId());
            };
        }
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "BudgetPage")
    record Page(List<BudgetBody> data, @Nullable String nextCursor) {
    }

    @Operation(operationId = "listBudgets", summary = "Budgets with their current window (held, spent, remaining)")
    @GetMapping(path = "/v1/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
    Page list(@RequestParam(name = "scope_type", required = false) @Nullable String scopeType,
              @RequestParam(name = "scope_id", required = false) @Nullable String scopeId,
              @RequestParam(name = "period", required = false) @Nullable String period,
              @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
              @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        Budget.ScopeType type = scopeType == null ? null : scopeType(scopeType);
        UUID after = cursor == null || cursor.isBlank() ? null : PrefixedId.parse(PREFIX, cursor, "cursor");
        List<BudgetService.View> views = budgets.page(type == null ? null : type.name(),
                scopeId == null ? null : scopeUuid(type, scopeId), period == null ? null : period(period).name(),
                after, limit + 1);
        boolean more = views.size() > limit;
        List<BudgetBody> data = views.stream().limit(limit).map(BudgetBody::of).toList();
        return new Page(data, more ? data.getLast().id() : null);
    }

    @Operation(operationId = "createBudget", summary = "Create a budget; one per scope and period")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created, with an ETag")
    @PostMapping(path = "/v1/budgets", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BudgetBody> create(@Valid @RequestBody NewBudget request) {
        Budget.ScopeType type = scopeType(request.scopeType());
        UUID scopeId = type == Budget.ScopeType.ORG ? null : scopeUuid(type, request.scopeId());
        BudgetService.View view = budgets.create(new BudgetService.Scope(type, scopeId), period(request.period()),
                new BudgetService.Settings(request.name(), money("limit_usd", request.limitUsd()),
                        request.hard() == null || request.hard(),
                        request.softThresholds() == null ? List.of() : request.softThresholds(),
                        request.perRequestMaxUsd() == null ? null
                                : money("per_request_max_usd", request.perRequestMaxUsd())));
        BudgetBody body = BudgetBody.of(view);
        return ResponseEntity.created(URI.create("/v1/budgets/" + body.id())).eTag(etag(view)).body(body);
    }

    @Operation(operationId = "getBudget", summary = "One budget with its current window and an ETag")
    @GetMapping(path = "/v1/budgets/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BudgetBody> get(@PathVariable("id") String id) {
        BudgetService.View view = budgets.get(PrefixedId.parse(PREFIX, id, "budget"));
        return ResponseEntity.ok().eTag(etag(view)).body(BudgetBody.of(view));
    }

    @Operation(operationId = "updateBudget", summary = "Change a budget; If-Match required")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Changed, with the new ETag")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", description = "conflict: a hard limit below what the window has reserved, committed and overrun")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "412", description = "precondition-failed: the budget changed since it was read")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "428", description = "precondition-required: send If-Match")
    @PatchMapping(path = "/v1/budgets/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BudgetBody> patch(@PathVariable("id") String id, @Valid @RequestBody BudgetPatch patch,
                                     @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        UUID budgetId = PrefixedId.parse(PREFIX, id, "budget");
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException("Send If-Match with the budget's ETag (read it first).");
        }
        Budget current = budgets.get(budgetId).budget();
        BudgetService.Settings settings = new BudgetService.Settings(
                patch.name() == null ? current.name() : patch.name(),
                patch.limitUsd() == null ? current.limit() : money("limit_usd", patch.limitUsd()),
                patch.hard() == null ? current.hard() : patch.hard(),
                patch.softThresholds() == null ? current.softThresholds() : patch.softThresholds(),
                Boolean.TRUE.equals(patch.clearPerRequestMax()) ? null : patch.perRequestMaxUsd() == null
                        ? current.perRequestMax() : money("per_request_max_usd", patch.perRequestMaxUsd()));
        BudgetService.View view = budgets.update(budgetId, VersionTags.parse(ifMatch, "budget"), settings);
        return ResponseEntity.ok().eTag(etag(view)).body(BudgetBody.of(view));
    }

    @Operation(operationId = "deleteBudget", summary = "Stop a budget")
    @DeleteMapping("/v1/budgets/{id}")
    ResponseEntity<Void> delete(@PathVariable("id") String id) {
        budgets.delete(PrefixedId.parse(PREFIX, id, "budget"));
        return ResponseEntity.noContent().build();
    }

    private static String etag(BudgetService.View view) {
        return VersionTags.of(view.budget().version());
    }

    private static Budget.ScopeType scopeType(String value) {
        try {
            return Budget.ScopeType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("scope_type", "Use org, team, project or agent.");
        }
    }

    private static BudgetPeriod period(String value) {
        try {
            return BudgetPeriod.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("period", "Use daily, weekly, monthly or lifetime.");
        }
    }

    private static UUID scopeUuid(Budget.@Nullable ScopeType type, @Nullable String id) {
        if (id == null || id.isBlank() || type == null || type == Budget.ScopeType.ORG) {
            throw new InvalidInputException("scope_id", "Give the team (team_…), project (prj_…) or agent (agt_…).");
        }
        String prefix = SCOPE_PREFIXES.get(type.ordinal() - 1);
        return PrefixedId.parse(prefix, id, "scope_id");
    }

    private static Money money(String field, String usd) {
        try {
            return Money.ofUsd(usd);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    private static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
