package io.tollgate.policies.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PreconditionRequiredException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.VersionTags;
import io.tollgate.policies.DecisionJson;
import io.tollgate.policies.OnError;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RuleOutcome;
import io.tollgate.policies.RuleScope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
 * Governance policies ({@code rul_…} rules of the draft, numbered bundle versions). A rule's change needs its ETag in
 * {@code If-Match}; publishing needs the draft's ETag (from {@code GET /v1/policies/draft} or validate).
 */
@RestController
@Validated
@Tag(name = "Policies")
class PoliciesApiController {

    private final PolicyService policies;

    PoliciesApiController(PolicyService policies) {
        this.policies = policies;
    }

    @Schema(name = "PolicyRuleInput")
    record RuleInput(@NotBlank(message = "Give the rule a name.") @Size(max = 100, message = "Use 1–100 characters.") String name,
                     @Nullable @Size(max = 1000, message = "Use at most 1000 characters.") String description,
                     @NotBlank(message = "Use org, team, project, agent, agent_tag or project_tag.") String scopeType,
                     @Nullable String scopeTarget,
                     @NotBlank(message = "Give a CEL condition.") String condition,
                     @NotBlank(message = "Use deny, require_approval or monitor.") String effect,
                     @Nullable String approvalTier,
                     @Nullable String onError,
                     @Nullable Boolean enabled) {
    }

    @Schema(name = "PolicyRulePatch")
    record RulePatch(@Nullable @Size(min = 1, max = 100, message = "Use 1–100 characters.") String name,
                     @Nullable @Size(max = 1000, message = "Use at most 1000 characters.") String description,
                     @Nullable String scopeType,
                     @Nullable String scopeTarget,
                     @Nullable String condition,
                     @Nullable String effect,
                     @Nullable String approvalTier,
                     @Nullable String onError,
                     @Nullable Boolean enabled) {
    }

    @Schema(name = "PolicyRule")
    record RuleBody(String id, String name, String description, String scopeType, @Nullable String scopeTarget,
                    String condition, String effect, @Nullable String approvalTier, String onError, boolean enabled,
                    String createdBy, Instant createdAt, Instant updatedAt) {

        static RuleBody of(StoredRule stored) {
            PolicyRule r = stored.rule();
            return new RuleBody(r.id(), r.name(), r.description(), lower(r.scope().kind()), r.scope().target(),
                    r.condition(), lower(r.effect()), r.approvalTier(), lower(r.onError()), r.enabled(),
                    stored.createdBy(), stored.createdAt(), stored.updatedAt());
        }
    }

    @Schema(name = "PolicyDraft")
    record DraftBody(long version, List<RuleBody> rules) {
    }

    @Schema(name = "PolicyDiagnostic")
    record DiagnosticBody(@Nullable String ruleId, int line, int column, String code, String message) {
    }

    @Schema(name = "PolicyConflict")
    record ConflictBody(String ruleA, String ruleB, String description) {
    }

    @Schema(name = "PolicyValidation")
    record ValidationBody(boolean valid, long draftVersion, List<DiagnosticBody> diagnostics,
                          List<ConflictBody> conflicts, List<String> deadRules, List<String> shadowedRules) {
    }

    @Schema(name = "PolicyPublication")
    record PublishRequest(@Nullable @Size(max = 1000, message = "Use at most 1000 characters.") String note,
                          @Nullable Boolean acknowledgeConflicts) {
    }

    @Schema(name = "PolicyRollback")
    record RollbackRequest(@Nullable @Size(max = 1000, message = "Use at most 1000 characters.") String note) {
    }

    @Schema(name = "PolicyVersionRule")
    record VersionRule(String id, String name, String description, String scopeType, @Nullable String scopeTarget,
                       String condition, String effect, @Nullable String approvalTier, String onError,
                       boolean enabled) {

        static VersionRule of(PolicyRule r) {
            return new VersionRule(r.id(), r.name(), r.description(), lower(r.scope().kind()), r.scope().target(),
                    r.condition(), lower(r.effect()), r.approvalTier(), lower(r.onError()), r.enabled());
        }
    }

    @Schema(name = "PolicyVersion")
    record VersionBody(long number, String author, String note, String contentHash, int ruleCount,
                       boolean conflictsAcknowledged, @Nullable Long rolledBackTo, Instant createdAt,
                       @Nullable List<VersionRule> rules) {

        static VersionBody of(BundleVersion v, boolean withRules) {
            return new VersionBody(v.number(), v.author(), v.note(), v.contentHash(), v.rules().size(),
                    v.conflictsAcknowledged(), v.rolledBackTo(), v.createdAt(),
                    withRules ? v.rules().stream().map(VersionRule::of).toList() : null);
        }
    }

    @Schema(name = "PolicyVersionPage")
    record VersionPage(List<VersionBody> data, @Nullable String nextCursor) {
    }

    @Schema(name = "PolicyFieldChange")
    record FieldChange(@Nullable Object before, @Nullable Object after) {
    }

    @Schema(name = "PolicyRuleDiff")
    record RuleDiffBody(String ruleId, String name, String change, Map<String, FieldChange> fields) {
    }

    @Schema(name = "PolicyDiff")
    record DiffBody(long from, long to, List<RuleDiffBody> rules) {
    }

    @Schema(name = "PolicySimulationRequest")
    record SimulateRequest(@Nullable Long version,
                           @Min(value = 1, message = "Use 1 to 30 days.") @Max(value = 30, message = "Use 1 to 30 days.")
                           int days) {
    }

    @Schema(name = "PolicyTransition")
    record TransitionBody(@Schema(allowableValues = {"allowed", "pending_approval", "denied"}) String from,
                          @Schema(allowableValues = {"allowed", "pending_approval", "denied"}) String to, long count,
                          String amountUsd, List<String> sampleReservations) {
    }

    @Schema(name = "PolicyRuleImpact")
    record RuleImpactBody(String ruleId, String from, String to, long count, String amountUsd) {
    }

    @Schema(name = "PolicySimulation")
    record SimulationBody(String source, int days, long decisions, long changed, String changedUsd,
                          List<TransitionBody> transitions, List<RuleImpactBody> byRule,
                          Map<String, Long> matchesByRule, long errors) {
    }

    @Schema(name = "PolicyEvaluationRequest")
    record EvaluateRequest(@Nullable Long version, @Nullable String reservationId,
                           @Nullable Map<String, Object> context) {
    }

    @Schema(name = "PolicyRuleOutcome")
    record OutcomeBody(String ruleId, String ruleName, String effect, String status, @Nullable String error) {

        static OutcomeBody of(RuleOutcome o) {
            return new OutcomeBody(o.ruleId(), o.ruleName(), lower(o.effect()), lower(o.status()), o.error());
        }
    }

    @Schema(name = "PolicyEvaluation")
    record EvaluationBody(String source, @Nullable String reservationId, String verdict,
                          @Nullable String decidingRuleId, @Nullable String approvalTier, List<OutcomeBody> rules) {
    }

    // --- rules

    @Operation(operationId = "getPolicyDraft", summary = "The draft's rules in bundle order, with the draft's ETag")
    @GetMapping(path = "/v1/policies/draft", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DraftBody> draft() {
        PolicyService.Draft draft = policies.draft();
        return ResponseEntity.ok().eTag(VersionTags.of(draft.version()))
                .body(new DraftBody(draft.version(), draft.rules().stream().map(RuleBody::of).toList()));
    }

    @Operation(operationId = "listPolicyRules", summary = "The draft's rules in bundle order")
    @GetMapping(path = "/v1/policies/rules", produces = MediaType.APPLICATION_JSON_VALUE)
    DraftBody rules() {
        PolicyService.Draft draft = policies.draft();
        return new DraftBody(draft.version(), draft.rules().stream().map(RuleBody::of).toList());
    }

    @Operation(operationId = "createPolicyRule", summary = "Add a rule to the draft (published only when the draft is)")
    @ApiResponse(responseCode = "201", description = "Created, with an ETag")
    @PostMapping(path = "/v1/policies/rules", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RuleBody> create(@Valid @RequestBody RuleInput input) {
        StoredRule created = policies.create(rule(input.name(), input.description(), input.scopeType(),
                input.scopeTarget(), input.condition(), input.effect(), input.approvalTier(), input.onError(),
                input.enabled()));
        return ResponseEntity.created(URI.create("/v1/policies/rules/" + created.rule().id()))
                .eTag(VersionTags.of(created.version())).body(RuleBody.of(created));
    }

    @Operation(operationId = "getPolicyRule", summary = "One rule of the draft, with its ETag")
    @GetMapping(path = "/v1/policies/rules/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RuleBody> get(@PathVariable("id") String id) {
        StoredRule rule = policies.rule(ruleId(id));
        return ResponseEntity.ok().eTag(VersionTags.of(rule.version())).body(RuleBody.of(rule));
    }

    @Operation(operationId = "updatePolicyRule", summary = "Change a rule of the draft; If-Match required")
    @ApiResponse(responseCode = "200", description = "Changed, with the new ETag")
    @ApiResponse(responseCode = "428", description = "precondition-required: send If-Match")
    @PatchMapping(path = "/v1/policies/rules/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RuleBody> patch(@PathVariable("id") String id, @Valid @RequestBody RulePatch patch,
                                   @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        UUID ruleId = ruleId(id);
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException("Send If-Match with the rule's ETag (read it first).");
        }
        long expected = VersionTags.parse(ifMatch, "policy rule");
        PolicyRule current = policies.rule(ruleId).rule();
        String effect = patch.effect() == null ? lower(current.effect()) : patch.effect();
        String tier = patch.approvalTier() != null ? patch.approvalTier()
                : effect.equalsIgnoreCase("require_approval") ? current.approvalTier() : null;
        boolean scopeChanged = patch.scopeType() != null;
        PolicyRule changed = rule(patch.name() == null ? current.name() : patch.name(),
                patch.description() == null ? current.description() : patch.description(),
                scopeChanged ? patch.scopeType() : lower(current.scope().kind()),
                scopeChanged ? patch.scopeTarget() : current.scope().target(),
                patch.condition() == null ? current.condition() : patch.condition(), effect, tier,
                patch.onError() == null ? lower(current.onError()) : patch.onError(),
                patch.enabled() == null ? current.enabled() : patch.enabled());
        StoredRule updated = policies.update(ruleId, expected, changed);
        return ResponseEntity.ok().eTag(VersionTags.of(updated.version())).body(RuleBody.of(updated));
    }

    @Operation(operationId = "deletePolicyRule", summary = "Remove a rule from the draft; If-Match optional")
    @DeleteMapping("/v1/policies/rules/{id}")
    ResponseEntity<Void> delete(@PathVariable("id") String id,
                                @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        policies.delete(ruleId(id), ifMatch == null || ifMatch.isBlank() ? null
                : VersionTags.parse(ifMatch, "policy rule"));
        return ResponseEntity.noContent().build();
    }

    // --- validation and publishing

    @Operation(operationId = "validatePolicyDraft",
            summary = "Compile and type-check the draft, and look for conflicts, dead and shadowed rules")
    @PostMapping(path = "/v1/policies/draft/validate", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ValidationBody> validate() {
        PolicyService.Validation v = policies.validate();
        return ResponseEntity.ok().eTag(VersionTags.of(v.draftVersion())).body(validation(v));
    }

    @Operation(operationId = "publishPolicyDraft",
            summary = "Publish the draft as the next bundle version; If-Match on the draft required")
    @ApiResponse(responseCode = "201", description = "Published")
    @ApiResponse(responseCode = "409", description = "policy-conflicts: send acknowledge_conflicts true to publish anyway")
    @ApiResponse(responseCode = "428", description = "precondition-required: send If-Match with the draft's ETag")
    @PostMapping(path = "/v1/policies/draft/publish", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<VersionBody> publish(@Valid @RequestBody PublishRequest request,
                                        @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException("Send If-Match with the draft's ETag (validate it first).");
        }
        BundleVersion version = policies.publish(VersionTags.parse(ifMatch, "policy draft"),
                request.note() == null ? "" : request.note().strip(), Boolean.TRUE.equals(request.acknowledgeConflicts()));
        return ResponseEntity.created(URI.create("/v1/policies/versions/" + version.number()))
                .body(VersionBody.of(version, true));
    }

    // --- versions

    @Operation(operationId = "listPolicyVersions", summary = "Published bundle versions, newest first")
    @GetMapping(path = "/v1/policies/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    VersionPage versions(@RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(200) int limit,
                         @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        Long before = cursor == null || cursor.isBlank() ? null : number(cursor, "cursor");
        List<BundleVersion> page = policies.versions(before, limit + 1);
        boolean more = page.size() > limit;
        List<VersionBody> data = page.stream().limit(limit).map(v -> VersionBody.of(v, false)).toList();
        return new VersionPage(data, more ? String.valueOf(data.getLast().number()) : null);
    }

    @Operation(operationId = "getPolicyVersion", summary = "One bundle version with its rules")
    @GetMapping(path = "/v1/policies/versions/{number}", produces = MediaType.APPLICATION_JSON_VALUE)
    VersionBody version(@PathVariable("number") String number) {
        return VersionBody.of(policies.version(number(number, "number")), true);
    }

    @Operation(operationId = "diffPolicyVersions",
            summary = "Rule by rule, what changed from version `from` to this one: added, removed, changed fields")
    @GetMapping(path = "/v1/policies/versions/{number}/diff", produces = MediaType.APPLICATION_JSON_VALUE)
    DiffBody diff(@PathVariable("number") String number, @RequestParam(name = "from") String from) {
        PolicyService.Diff diff = policies.diff(number(from, "from"), number(number, "number"));
        return new DiffBody(diff.from(), diff.to(), diff.rules().stream().map(r -> new RuleDiffBody(r.ruleId(),
                r.name(), r.change(), fieldChanges(r.fields()))).toList());
    }

    @Operation(operationId = "rollbackPolicyVersion",
            summary = "Publish a new version whose rules equal this one's; the draft becomes those rules too")
    @ApiResponse(responseCode = "201", description = "Published")
    @PostMapping(path = "/v1/policies/versions/{number}/rollback", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<VersionBody> rollback(@PathVariable("number") String number,
                                         @Valid @RequestBody RollbackRequest request) {
        BundleVersion version = policies.rollback(number(number, "number"),
                request.note() == null ? "" : request.note().strip());
        return ResponseEntity.created(URI.create("/v1/policies/versions/" + version.number()))
                .body(VersionBody.of(version, true));
    }

    // --- simulation and evaluation

    @Operation(operationId = "simulatePolicies",
            summary = "Re-decide the recorded decisions of the last `days` days with the draft (no version) or a version")
    @PostMapping(path = "/v1/policies/simulate", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    SimulationBody simulate(@Valid @RequestBody SimulateRequest request) {
        PolicyService.Source source = new PolicyService.Source(request.version());
        Engine.Simulation s = policies.simulate(source, request.days());
        return new SimulationBody(source.label(), request.days(), s.decisions(), s.changed(), usd(s.changedNanoUsd()),
                s.transitions().stream().map(t -> new TransitionBody(t.from(), t.to(), t.count(),
                        usd(t.amountNanoUsd()), t.sampleReservations())).toList(),
                s.byRule().stream().map(r -> new RuleImpactBody(r.ruleId(), r.from(), r.to(), r.count(),
                        usd(r.amountNanoUsd()))).toList(), s.matchesByRule(), s.errors());
    }

    @Operation(operationId = "evaluatePolicies", summary = "Decide one context, given or recorded with a reservation,"
            + " with the draft (no version) or a version; explains every rule")
    @PostMapping(path = "/v1/policies/evaluate", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    EvaluationBody evaluate(@Valid @RequestBody EvaluateRequest request) {
        PolicyService.Source source = new PolicyService.Source(request.version());
        if ((request.reservationId() == null) == (request.context() == null)) {
            throw new InvalidInputException("context", "Give either a context or a reservation_id.");
        }
        PolicyService.Evaluation e;
        if (request.reservationId() != null) {
            e = policies.evaluateRecorded(source, request.reservationId());
        } else {
            try {
                e = policies.evaluate(source, DecisionJson.fromMap(request.context()));
            } catch (IllegalArgumentException bad) {
                throw new InvalidInputException("context", bad.getMessage());
            }
        }
        PolicyDecision d = e.decision();
        return new EvaluationBody(e.source(), e.reservationId(), lower(d.verdict()), d.decidingRuleId(),
                d.approvalTier(), e.rules().stream().map(OutcomeBody::of).toList());
    }

    // --- helpers

    static ValidationBody validation(PolicyService.Validation v) {
        return new ValidationBody(v.valid(), v.draftVersion(), v.diagnostics().stream()
                .map(PoliciesApiController::diagnostic).toList(),
                v.analysis().conflicts().stream().map(c -> new ConflictBody(c.ruleA(), c.ruleB(), c.description()))
                        .toList(), v.analysis().deadRules(), v.analysis().shadowedRules());
    }

    static DiagnosticBody diagnostic(Engine.Diagnostic d) {
        return new DiagnosticBody(d.ruleId(), d.line(), d.column(), d.code(), d.message());
    }

    /** A rule from the wire's strings; a bad value is a 422 naming its field. */
    static PolicyRule rule(String name, @Nullable String description, String scopeType, @Nullable String scopeTarget,
                           String condition, String effect, @Nullable String approvalTier, @Nullable String onError,
                           @Nullable Boolean enabled) {
        RuleScope.Kind kind = parse(RuleScope.Kind.class, scopeType, "scope_type",
                "Use org, team, project, agent, agent_tag or project_tag.");
        String target = scopeTarget == null || scopeTarget.isBlank() ? null : scopeTarget.strip();
        if ((kind == RuleScope.Kind.ORG) != (target == null)) {
            throw new InvalidInputException("scope_target", kind == RuleScope.Kind.ORG
                    ? "An org-wide rule has no scope target."
                    : "Name the team, project or agent (team_…, prj_…, agt_…), or the tag as key=value.");
        }
        if ((kind == RuleScope.Kind.AGENT_TAG || kind == RuleScope.Kind.PROJECT_TAG)
                && (target.indexOf('=') <= 0 || target.length() > 200)) {
            throw new InvalidInputException("scope_target", "Give the tag as key=value.");
        }
        PolicyEffect parsedEffect = parse(PolicyEffect.class, effect, "effect", "Use deny, require_approval or monitor.");
        String tier = approvalTier == null || approvalTier.isBlank() ? null : approvalTier.strip();
        if (parsedEffect == PolicyEffect.REQUIRE_APPROVAL && tier == null) {
            throw new InvalidInputException("approval_tier", "Name the approval tier that decides (e.g. finance).");
        }
        if (parsedEffect != PolicyEffect.REQUIRE_APPROVAL && tier != null) {
            throw new InvalidInputException("approval_tier", "Only a require_approval rule names an approval tier.");
        }
        if (tier != null && tier.length() > 100) {
            throw new InvalidInputException("approval_tier", "Use 1–100 characters.");
        }
        if (condition.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PolicyRule.MAX_CONDITION_BYTES) {
            throw new InvalidInputException("condition", "A condition holds at most 4 KB.");
        }
        if (condition.isBlank()) {
            throw new InvalidInputException("condition", "Give a CEL condition.");
        }
        OnError parsedOnError = onError == null ? OnError.DENY
                : parse(OnError.class, onError, "on_error", "Use deny or skip.");
        return new PolicyRule("new", name.strip(), description == null ? "" : description.strip(),
                new RuleScope(kind, target), condition, parsedEffect, tier, parsedOnError, enabled == null || enabled);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, @Nullable String value, String field, String message) {
        if (value == null) {
            throw new InvalidInputException(field, message);
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, message);
        }
    }

    private static Map<String, FieldChange> fieldChanges(Map<String, Change> changes) {
        Map<String, FieldChange> out = new java.util.LinkedHashMap<>();
        changes.forEach((k, c) -> out.put(k, new FieldChange(c.before(), c.after())));
        return out;
    }

    private static UUID ruleId(String id) {
        return PrefixedId.parse(StoredRule.PREFIX, id, "policy rule");
    }

    private static long number(String value, String field) {
        String digits = value.startsWith("v") ? value.substring(1) : value;
        try {
            long n = Long.parseLong(digits);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new InvalidInputException(field, "Give a version number, e.g. 3.");
    }

    private static String usd(long nanos) {
        return new io.tollgate.platform.Money(nanos).toUsdString();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
