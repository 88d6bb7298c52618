package io.tollgate.policies.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.tollgate.audit.AuditableEvent.Change;
import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.PolicyChanged;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RecordedDecisions;
import io.tollgate.policies.RuleOutcome;
import io.tollgate.policies.RuleOwnership;
import io.tollgate.policies.internal.engine.CompiledBundle;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Draft rules, publishing, versions, rollback, simulation and evaluation (ADR 0060). Every member and
 * {@code policies:read} credentials read; OWNER, ADMIN and {@code policies:write} credentials manage every rule and
 * publish; a TEAM_ADMIN manages the rules whose scope lies inside their team (another team's rule is "not found")
 * and cannot move one outside it.
 */
@Service
@Transactional
public class PolicyService {

    static final String READERS = "hasAnyRole('OWNER', 'ADMIN', 'APPROVER', 'ANALYST', 'VIEWER')"
            + " or hasAuthority('SCOPE_policies:read') or hasAuthority('SCOPE_policies:write')";
    static final int MAX_RULES = 500;
    static final int MAX_SIMULATION_DAYS = 30;
    static final int MAX_RECORDED = 100_000;
    /** Recorded contexts conflict analysis tries as witnesses (newest first), beside the boundary contexts. */
    static final int MAX_WITNESS_CANDIDATES = 2_000;

    /** The draft: its version (the ETag publishing is conditional on) and its rules in order. */
    public record Draft(long version, List<StoredRule> rules) {
    }

    /** Diagnostics of the draft and what conflict analysis found; publishable when there are no diagnostics. */
    public record Validation(long draftVersion, List<Engine.Diagnostic> diagnostics, Engine.Analysis analysis) {

        public boolean valid() {
            return diagnostics.isEmpty();
        }
    }

    /** One rule's difference between two versions: added, removed, or changed with the fields that changed. */
    public record RuleDiff(String ruleId, String name, String change, Map<String, Change> fields) {
    }

    public record Diff(long from, long to, List<RuleDiff> rules) {
    }

    /** Which bundle: the draft (version null) or a published version. */
    public record Source(@Nullable Long version) {

        static final Source DRAFT = new Source(null);

        public String label() {
            return version == null ? "draft" : "v" + version;
        }
    }

    /** The decision, and how every rule of the bundle fared on the context. */
    public record Evaluation(String source, PolicyDecision decision, List<RuleOutcome> rules,
                             @Nullable String reservationId) {
    }

    private final PolicyStore store;
    private final Engine engine;
    private final BundleCache cache;
    private final RuleOwnership ownership;
    private final RecordedDecisions recorded;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PolicyService(PolicyStore store, Engine engine, BundleCache cache, RuleOwnership ownership,
                  RecordedDecisions recorded, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.cache = cache;
        this.ownership = ownership;
        this.recorded = recorded;
        this.events = events;
        this.clock = clock;
    }

    // --- the draft's rules

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public Draft draft() {
        return new Draft(store.draftVersion(), store.rules());
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public StoredRule rule(UUID id) {
        return store.find(id).orElseThrow(() -> NotFoundException.of("policy rule"));
    }

    /** The rule, if the current person may change it: the same refusals as update and delete. */
    @Transactional(readOnly = true)
    public StoredRule ruleForChange(UUID id) {
        requireManagesSomething();
        StoredRule rule = store.find(id).orElseThrow(() -> NotFoundException.of("policy rule"));
        requireManages(rule);
        return rule;
    }

    /** Whether the current person may create a rule somewhere (the console shows the editor by this). */
    @Transactional(readOnly = true)
    public boolean mayManageSome() {
        return administers() || ownership.managesSomeTeam();
    }

    @Transactional(readOnly = true)
    public boolean mayPublish() {
        return administers();
    }

    public StoredRule create(PolicyRule input) {
        requireManagesSomething();
        TenantId tenant = tenant();
        store.lockDraft(tenant);
        if (store.ruleCount() >= MAX_RULES) {
            throw new ApiProblemException(409, "too-many-rules", "A bundle holds at most " + MAX_RULES + " rules.");
        }
        UUID team = requireMayWrite(input);
        UUID id = Ids.newUuid();
        store.insert(tenant, id, withId(input, StoredRule.apiId(id)), team, actor());
        store.bumpDraft(tenant);
        StoredRule created = store.find(id).orElseThrow();
        publish("policy_rule.created", "policy_rule", created.rule().id(), describe(null, created.rule()));
        return created;
    }

    public StoredRule update(UUID id, long expectedVersion, PolicyRule input) {
        requireManagesSomething();
        TenantId tenant = tenant();
        store.lockDraft(tenant);
        StoredRule current = store.lock(id).orElseThrow(() -> NotFoundException.of("policy rule"));
        requireManages(current);
        if (current.version() != expectedVersion) {
            throw new PreconditionFailedException("The rule changed since you read it; read it again.");
        }
        UUID team;
        try {
            team = requireMayWrite(input);
        } catch (NotFoundException | AccessDeniedException e) {
            throw new AccessDeniedException("A team admin keeps a rule inside their team; its scope cannot be widened"
                    + " beyond it.");
        }
        PolicyRule changed = withId(input, current.rule().id());
        store.update(id, changed, team);
        store.bumpDraft(tenant);
        Map<String, Change> changes = describe(current.rule(), changed);
        if (!changes.isEmpty()) {
            publish("policy_rule.updated", "policy_rule", changed.id(), changes);
        }
        return store.find(id).orElseThrow();
    }

    public void delete(UUID id, @Nullable Long expectedVersion) {
        requireManagesSomething();
        TenantId tenant = tenant();
        store.lockDraft(tenant);
        StoredRule current = store.lock(id).orElseThrow(() -> NotFoundException.of("policy rule"));
        requireManages(current);
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw new PreconditionFailedException("The rule changed since you read it; read it again.");
        }
        store.delete(id);
        store.bumpDraft(tenant);
        publish("policy_rule.deleted", "policy_rule", current.rule().id(),
                Map.of("name", new Change(current.rule().name(), null)));
    }

    // --- validation and publishing

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public Validation validate() {
        return validate(store.draftVersion(), rulesOf(store.rules()));
    }

    /** Compiles and analyses rules that are not stored (the editor's live validation). */
    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public List<Engine.Diagnostic> check(PolicyRule rule) {
        return engine.check(rule);
    }

    /**
     * Publishes the draft as the next version, if it is still the draft the caller validated ({@code
     * expectedDraftVersion}) and compiles. Conflicts need {@code acknowledgeConflicts}; the audit event records it.
     */
    public BundleVersion publish(long expectedDraftVersion, String note, boolean acknowledgeConflicts) {
        requireAdministers("publish");
        TenantId tenant = tenant();
        long draftVersion = store.lockDraft(tenant);
        if (draftVersion != expectedDraftVersion) {
            throw new PreconditionFailedException("The draft changed since you read it; validate it again.");
        }
        List<PolicyRule> rules = rulesOf(store.rules());
        Validation validation = validate(draftVersion, rules);
        if (!validation.valid()) {
            throw invalid(validation.diagnostics());
        }
        List<Engine.Conflict> conflicts = validation.analysis().conflicts();
        if (!conflicts.isEmpty() && !acknowledgeConflicts) {
            throw new ApiProblemException(409, "policy-conflicts", conflicts.size() + " pair(s) of rules conflict, e.g. "
                    + conflicts.getFirst().description() + ". Publish with acknowledge_conflicts true to accept.");
        }
        BundleVersion version = store.insertVersion(tenant, store.latestNumber() + 1, actor(), note, rules,
                !conflicts.isEmpty(), null);
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("version", Change.added(version.number()));
        changes.put("rules", Change.added(rules.size()));
        changes.put("content_hash", Change.added(version.contentHash()));
        changes.put("conflicts_acknowledged", Change.added(!conflicts.isEmpty()));
        if (!conflicts.isEmpty()) {
            changes.put("conflicts", Change.added(conflicts.stream().map(Engine.Conflict::description).toList()));
        }
        publish("policy_bundle.published", "policy_bundle", "v" + version.number(), changes);
        reloadAfterCommit(tenant, version.number());
        return version;
    }

    /** Publishes a new version whose rules equal version {@code number}'s; the draft becomes those rules too. */
    public BundleVersion rollback(long number, String note) {
        requireAdministers("roll back");
        TenantId tenant = tenant();
        store.lockDraft(tenant);
        BundleVersion target = store.version(number).orElseThrow(() -> NotFoundException.of("policy bundle version"));
        Engine.Compilation compiled = engine.compile(number, target.rules());
        if (!compiled.ok()) {
            throw invalid(compiled.diagnostics());
        }
        BundleVersion version = store.insertVersion(tenant, store.latestNumber() + 1, actor(),
                note.isBlank() ? "Rollback to v" + number : note, target.rules(), false, number);
        replaceDraft(tenant, target.rules());
        publish("policy_bundle.rolled_back", "policy_bundle", "v" + version.number(),
                Map.of("version", Change.added(version.number()), "rolled_back_to", Change.added(number),
                        "content_hash", Change.added(version.contentHash())));
        reloadAfterCommit(tenant, version.number());
        return version;
    }

    // --- versions

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public List<BundleVersion> versions(@Nullable Long before, int limit) {
        return store.versions(before, limit);
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public BundleVersion version(long number) {
        return store.version(number).orElseThrow(() -> NotFoundException.of("policy bundle version"));
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public Diff diff(long from, long to) {
        return new Diff(from, to, diff(version(from).rules(), version(to).rules()));
    }

    /** Rule by rule, matched by id: added, removed, or changed (only fields that differ). */
    static List<RuleDiff> diff(List<PolicyRule> before, List<PolicyRule> after) {
        Map<String, PolicyRule> old = new LinkedHashMap<>();
        before.forEach(r -> old.put(r.id(), r));
        List<RuleDiff> diffs = new ArrayList<>();
        for (PolicyRule r : after) {
            PolicyRule was = old.remove(r.id());
            if (was == null) {
                diffs.add(new RuleDiff(r.id(), r.name(), "added", describe(null, r)));
            } else {
                Map<String, Change> fields = describe(was, r);
                if (!fields.isEmpty()) {
                    diffs.add(new RuleDiff(r.id(), r.name(), "changed", fields));
                }
            }
        }
        old.values().forEach(r -> diffs.add(new RuleDiff(r.id(), r.name(), "removed", describe(r, null))));
        return diffs;
    }

    // --- simulation and evaluation

    /** Re-decides the decisions recorded over the last {@code days} days with the draft or a version. */
    @PreAuthorize(READERS)
    public Engine.Simulation simulate(Source source, int days) {
        if (days < 1 || days > MAX_SIMULATION_DAYS) {
            throw new InvalidInputException("days", "Use 1 to " + MAX_SIMULATION_DAYS + " days.");
        }
        CompiledBundle bundle = compiled(source);
        Engine.Simulation result = engine.simulate(bundle,
                recorded.since(clock.instant().minus(Duration.ofDays(days)), MAX_RECORDED));
        publish("policy_simulation.run", "policy_bundle", source.label(), Map.of("days", Change.added(days),
                "decisions", Change.added(result.decisions()), "changed", Change.added(result.changed())));
        return result;
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public Evaluation evaluate(Source source, DecisionContext context) {
        CompiledBundle.Evaluation e = compiled(source).explain(context);
        return new Evaluation(source.label(), e.decision(), e.outcomes(), null);
    }

    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public Evaluation evaluateRecorded(Source source, String reservationId) {
        RecordedDecisions.Recorded decision = recorded.of(reservationId)
                .orElseThrow(() -> NotFoundException.of("recorded decision"));
        CompiledBundle.Evaluation e = compiled(source).explain(decision.context());
        return new Evaluation(source.label(), e.decision(), e.outcomes(), reservationId);
    }

    /** How often each rule matched in the last 24 hours, by rule id. */
    @PreAuthorize(READERS)
    @Transactional(readOnly = true)
    public Map<String, Long> matchesLastDay() {
        return recorded.matchCountsSince(clock.instant().minus(Duration.ofDays(1)));
    }

    // --- helpers

    private Validation validate(long draftVersion, List<PolicyRule> rules) {
        if (rules.size() > MAX_RULES) {
            return new Validation(draftVersion, List.of(new Engine.Diagnostic(null, 0, 0, "too_many_rules",
                    "A bundle holds at most " + MAX_RULES + " rules.")), Engine.Analysis.NONE);
        }
        Engine.Compilation compiled = engine.compile(0, rules);
        if (!compiled.ok()) {
            return new Validation(draftVersion, compiled.diagnostics(), Engine.Analysis.NONE);
        }
        List<RecordedDecisions.Recorded> contexts = recorded.since(
                clock.instant().minus(Duration.ofDays(MAX_SIMULATION_DAYS)), MAX_WITNESS_CANDIDATES);
        return new Validation(draftVersion, List.of(), engine.analyze(Objects.requireNonNull(compiled.compiled()),
                contexts));
    }

    private CompiledBundle compiled(Source source) {
        if (source.version() == null) {
            Engine.Compilation compiled = engine.compile(0, rulesOf(store.rules()));
            if (!compiled.ok()) {
                throw invalid(compiled.diagnostics());
            }
            return Objects.requireNonNull(compiled.compiled());
        }
        BundleVersion version = version(source.version());
        Engine.Compilation compiled = engine.compile(version.number(), version.rules());
        if (!compiled.ok()) {
            throw invalid(compiled.diagnostics());
        }
        return Objects.requireNonNull(compiled.compiled());
    }

    private void replaceDraft(TenantId tenant, List<PolicyRule> rules) {
        for (StoredRule r : store.rules()) {
            store.delete(r.uuid());
        }
        for (PolicyRule r : rules) {
            UUID id = io.tollgate.platform.PrefixedId.parse(StoredRule.PREFIX, r.id(), "policy rule");
            store.insert(tenant, id, r, ownership.teamOf(r.scope()).orElse(null), actor());
        }
        store.bumpDraft(tenant);
    }

    private void reloadAfterCommit(TenantId tenant, long number) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache.refresh(tenant, number);
                }
            });
        }
    }

    private static InvalidInputException invalid(List<Engine.Diagnostic> diagnostics) {
        return new InvalidInputException(diagnostics.size() + " rule(s) do not compile.", diagnostics.stream()
                .map(d -> new InvalidInputException.Problem(d.ruleId() == null ? "rules" : "rules." + d.ruleId()
                        + ".condition", (d.line() > 0 ? d.line() + ":" + d.column() + " " : "") + d.message(),
                        d.line() > 0 ? d.line() : null))
                .toList());
    }

    private static List<PolicyRule> rulesOf(List<StoredRule> stored) {
        return stored.stream().map(StoredRule::rule).toList();
    }

    private static PolicyRule withId(PolicyRule r, String id) {
        return new PolicyRule(id, r.name().strip(), r.description().strip(), r.scope(), r.condition(), r.effect(),
                r.approvalTier(), r.onError(), r.enabled());
    }

    /** The team the rule's scope lies in (null: org or tags), if the current person may write such a rule. */
    private @Nullable UUID requireMayWrite(PolicyRule input) {
        Optional<UUID> team = ownership.teamOf(input.scope());
        if (administers()) {
            return team.orElse(null);
        }
        if (team.isEmpty()) {
            throw new AccessDeniedException("Only owners and admins write rules for the whole organisation or by tag.");
        }
        if (!ownership.managesTeam(team.get())) {
            throw NotFoundException.of(input.scope().kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        return team.get();
    }

    /** Another team's rule, or an org-wide one, is "not found" to a team admin. */
    private void requireManages(StoredRule rule) {
        if (administers()) {
            return;
        }
        if (rule.team() == null || !ownership.managesTeam(rule.team())) {
            throw NotFoundException.of("policy rule");
        }
    }

    private void requireManagesSomething() {
        if (!mayManageSome()) {
            throw new AccessDeniedException("Only owners, admins and team admins manage policy rules.");
        }
    }

    private void requireAdministers(String what) {
        if (!administers()) {
            throw new AccessDeniedException("Only owners and admins " + what + " policy bundles.");
        }
    }

    private boolean administers() {
        if (ownership.administersTenant()) {
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("SCOPE_policies:write"));
    }

    static Map<String, Change> describe(@Nullable PolicyRule before, @Nullable PolicyRule after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        Map<String, Object> b = before == null ? Map.of() : RuleJson.toMap(before);
        Map<String, Object> a = after == null ? Map.of() : RuleJson.toMap(after);
        for (String field : List.of("name", "description", "scope_kind", "scope_target", "condition", "effect",
                "approval_tier", "on_error", "enabled")) {
            Object was = b.get(field);
            Object is = a.get(field);
            if (!Objects.equals(was, is)) {
                changes.put(field, new Change(was, is));
            }
        }
        return changes;
    }

    private void publish(String action, String targetType, String targetId, Map<String, Change> changes) {
        events.publishEvent(new PolicyChanged(tenant(), action, targetType, targetId, changes));
    }

    private static String actor() {
        return TenantScope.currentActor().reference();
    }

    private static TenantId tenant() {
        return TenantScope.requireTenant();
    }
}
