package io.tollgate.policies.internal.engine;

import java.util.ArrayList;
import java.util.List;

import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.OnError;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyDecision.Verdict;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RuleOutcome;
import io.tollgate.policies.RuleOutcome.Status;
import org.jspecify.annotations.Nullable;

/**
 * A bundle version's rules, compiled: immutable, thread-safe, meant to be cached per tenant and version.
 * <p>
 * Evaluation: a disabled rule is skipped; a rule whose scope does not cover the request is out of scope; otherwise
 * its condition decides. A condition that fails at run time follows the rule's {@code on_error}: {@code DENY}
 * counts as a deny match, {@code SKIP} is ignored; both are recorded as an error ({@value #POLICY_ERROR}). The
 * verdict is the strongest effect matched (deny &gt; require_approval &gt; monitor; monitor alone allows), decided by
 * the first rule, in bundle order, that carries it.
 */
public final class CompiledBundle {

    public static final String POLICY_ERROR = "policy_error";

    private final long version;
    private final List<CompiledRule> rules;
    private final boolean referencesHistory;

    CompiledBundle(long version, List<CompiledRule> rules) {
        this.version = version;
        this.rules = List.copyOf(rules);
        this.referencesHistory = rules.stream().anyMatch(r -> r.rule().enabled() && r.referencesHistory());
    }

    public long version() {
        return version;
    }

    public List<PolicyRule> rules() {
        return rules.stream().map(CompiledRule::rule).toList();
    }

    List<CompiledRule> compiledRules() {
        return rules;
    }

    /** Whether an enabled rule reads {@code history}, so the caller must load it (it costs database reads). */
    public boolean referencesHistory() {
        return referencesHistory;
    }

    /** The ids of the enabled rules that read {@code history}. */
    public List<String> rulesReferencingHistory() {
        return rules.stream().filter(r -> r.rule().enabled() && r.referencesHistory())
                .map(r -> r.rule().id()).toList();
    }

    /** The decision for one request; its outcomes are the rules that matched or failed, in bundle order. */
    public PolicyDecision evaluate(DecisionContext context) {
        return run(context, false).decision();
    }

    /** The decision and how every rule fared, disabled and out-of-scope ones included. */
    public Evaluation explain(DecisionContext context) {
        return run(context, true);
    }

    /** A decision and the outcome of every rule of the bundle, in bundle order. */
    public record Evaluation(PolicyDecision decision, List<RuleOutcome> outcomes) {
    }

    private Evaluation run(DecisionContext context, boolean everyRule) {
        ContextActivation activation = new ContextActivation(context);
        List<RuleOutcome> recorded = null;
        List<RuleOutcome> all = everyRule ? new ArrayList<>(rules.size()) : null;
        PolicyEffect strongest = null;
        CompiledRule deciding = null;
        for (CompiledRule compiled : rules) {
            PolicyRule rule = compiled.rule();
            Status status;
            String error = null;
            if (!rule.enabled()) {
                status = Status.DISABLED;
            } else if (!rule.scope().covers(context)) {
                status = Status.OUT_OF_SCOPE;
            } else {
                try {
                    status = compiled.matches(activation) ? Status.MATCHED : Status.NOT_MATCHED;
                } catch (Exception e) {
                    status = Status.ERROR;
                    error = POLICY_ERROR + ": " + e.getMessage();
                }
            }
            PolicyEffect counted = countedEffect(rule, status);
            if (counted != null && (strongest == null || counted.outranks(strongest))) {
                strongest = counted;
                deciding = compiled;
            }
            if (status == Status.MATCHED || status == Status.ERROR) {
                RuleOutcome outcome = new RuleOutcome(rule.id(), rule.name(), rule.effect(), status, error);
                if (recorded == null) {
                    recorded = new ArrayList<>(4);
                }
                recorded.add(outcome);
                if (all != null) {
                    all.add(outcome);
                }
            } else if (all != null) {
                all.add(new RuleOutcome(rule.id(), rule.name(), rule.effect(), status, null));
            }
        }
        PolicyDecision decision = decision(strongest, deciding, recorded == null ? List.of() : List.copyOf(recorded));
        return new Evaluation(decision, all == null ? List.of() : List.copyOf(all));
    }

    /** The effect a rule's outcome weighs with: its own when matched, deny when it failed and fails closed. */
    private static @Nullable PolicyEffect countedEffect(PolicyRule rule, Status status) {
        return switch (status) {
            case MATCHED -> rule.effect();
            case ERROR -> rule.onError() == OnError.DENY ? PolicyEffect.DENY : null;
            default -> null;
        };
    }

    private PolicyDecision decision(@Nullable PolicyEffect strongest, @Nullable CompiledRule deciding,
                                    List<RuleOutcome> outcomes) {
        if (strongest == null || strongest == PolicyEffect.MONITOR) {
            return new PolicyDecision(version, Verdict.ALLOW, null, null, outcomes);
        }
        PolicyRule rule = deciding.rule();
        return strongest == PolicyEffect.DENY
                ? new PolicyDecision(version, Verdict.DENY, null, rule.id(), outcomes)
                : new PolicyDecision(version, Verdict.REQUIRE_APPROVAL, rule.approvalTier(), rule.id(), outcomes);
    }
}
