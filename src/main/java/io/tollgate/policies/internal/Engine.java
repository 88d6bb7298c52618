package io.tollgate.policies.internal;

import java.util.List;

import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RecordedDecisions;
import io.tollgate.policies.RuleOutcome;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The one place this side of the module meets the CEL engine (package {@code engine}): compile a bundle, decide and
 * explain, analyse conflicts and simulate. Everything above speaks these small records only.
 */
@Component
class Engine {

    /** A compile or type error of one rule (null: the whole bundle), at a 1-based line and column. */
    record Diagnostic(@Nullable String ruleId, int line, int column, String message) {
    }

    /** Two enabled rules with different effects that both match {@code witness}. */
    record Conflict(String ruleA, String ruleB, String description) {
    }

    record Analysis(List<Conflict> conflicts, List<String> deadRules, List<String> shadowedRules) {
    }

    /** A compiled bundle: decides (matched or failed rules only) and explains (every rule). */
    interface Compiled {

        long version();

        PolicyDecision decide(DecisionContext context);

        /** Every rule's outcome (out of scope, not matched, matched or error) with the verdict. */
        PolicyDecision explain(DecisionContext context);

        boolean needsHistory();
    }

    /** A compiled bundle, or the diagnostics that stopped it. */
    record Compilation(@Nullable Compiled compiled, List<Diagnostic> diagnostics) {

        boolean ok() {
            return compiled != null;
        }
    }

    /** Outcome changes between what was decided and what the simulated bundle decides, with money. */
    record Simulation(int decisions, int changed, List<Transition> transitions, List<RuleImpact> byRule,
                      List<String> sampleReservations) {
    }

    record Transition(String from, String to, int count, long amountNanoUsd) {
    }

    record RuleImpact(String ruleId, String ruleName, int decisions, long amountNanoUsd) {
    }

    Compilation compile(long version, List<PolicyRule> rules) {
        throw new UnsupportedOperationException("the CEL engine arrives with feat/policy-engine");
    }

    Analysis analyze(List<PolicyRule> rules, List<DecisionContext> recorded) {
        throw new UnsupportedOperationException("the CEL engine arrives with feat/policy-engine");
    }

    Simulation simulate(Compiled bundle, List<RecordedDecisions.Recorded> recorded) {
        throw new UnsupportedOperationException("the CEL engine arrives with feat/policy-engine");
    }

    /** No rules: everything is allowed, nothing needs history. */
    static Compiled empty() {
        return new Compiled() {
            @Override
            public long version() {
                return 0;
            }

            @Override
            public PolicyDecision decide(DecisionContext context) {
                return PolicyDecision.noPolicies();
            }

            @Override
            public PolicyDecision explain(DecisionContext context) {
                return PolicyDecision.noPolicies();
            }

            @Override
            public boolean needsHistory() {
                return false;
            }
        };
    }

    static List<RuleOutcome> none() {
        return List.of();
    }
}
