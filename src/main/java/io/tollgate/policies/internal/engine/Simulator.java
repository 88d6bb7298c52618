package io.tollgate.policies.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyDecision.Verdict;
import io.tollgate.policies.RuleOutcome;
import org.jspecify.annotations.Nullable;

/**
 * A dry run: re-decides recorded decisions with another bundle and counts what would change, with the money
 * involved. Budgets stay as they were: a decision the budgets denied stays denied unless a rule now denies it too
 * (budgets are hard whatever a rule says). Pure: the same bundle and decisions always give the same report.
 */
public final class Simulator {

    /** How many affected decision ids each transition and rule keeps as a sample. */
    public static final int SAMPLE_SIZE = 10;

    /** What a reservation ended as at decision time. */
    public enum Outcome { ALLOWED, PENDING_APPROVAL, DENIED }

    /**
     * A decision as recorded: its id (the reservation), its context, its outcome, whether the budgets (not the
     * policies) denied it, the rule that decided it (if a rule did) and the estimate held or asked for.
     */
    public record RecordedDecision(String id, DecisionContext context, Outcome outcome, boolean deniedByBudgets,
                                   @Nullable String decidingRuleId, long amountNanoUsd) {
    }

    /** A change of outcome, e.g. ALLOWED → DENIED. */
    public record Transition(Outcome from, Outcome to) implements Comparable<Transition> {

        @Override
        public int compareTo(Transition other) {
            int byFrom = from.compareTo(other.from);
            return byFrom != 0 ? byFrom : to.compareTo(other.to);
        }

        @Override
        public String toString() {
            return from + " → " + to;
        }
    }

    /** How many decisions, how much money, and which decisions (a sample). */
    public record Tally(long decisions, long nanoUsd, List<String> sampleIds) {
    }

    /**
     * The dry run's answer: decisions seen and changed (with money), per transition, per rule held responsible
     * (the rule deciding the new outcome, or for a decision now allowed the rule that decided the old one), and how
     * many decisions each rule matched.
     */
    public record Report(long bundleVersion, long decisions, long changed, long changedNanoUsd,
                         Map<Transition, Tally> byTransition, Map<String, Map<Transition, Tally>> byRule,
                         Map<String, Long> matchesByRule, long errors) {
    }

    public Report simulate(CompiledBundle bundle, Iterable<RecordedDecision> decisions) {
        long seen = 0;
        long changed = 0;
        long changedMoney = 0;
        long errors = 0;
        Map<Transition, Counter> byTransition = new TreeMap<>();
        Map<String, Map<Transition, Counter>> byRule = new TreeMap<>();
        Map<String, long[]> matches = new LinkedHashMap<>();
        bundle.rules().forEach(rule -> matches.put(rule.id(), new long[1]));
        for (RecordedDecision recorded : decisions) {
            seen++;
            PolicyDecision decision = bundle.evaluate(recorded.context());
            for (RuleOutcome outcome : decision.matchedOrFailed()) {
                if (outcome.status() == RuleOutcome.Status.MATCHED) {
                    matches.get(outcome.ruleId())[0]++;
                } else {
                    errors++;
                }
            }
            Outcome now = outcome(decision, recorded.deniedByBudgets());
            if (now == recorded.outcome()) {
                continue;
            }
            changed++;
            changedMoney += recorded.amountNanoUsd();
            Transition transition = new Transition(recorded.outcome(), now);
            byTransition.computeIfAbsent(transition, t -> new Counter()).add(recorded);
            String responsible = decision.decidingRuleId() != null ? decision.decidingRuleId()
                    : recorded.decidingRuleId();
            if (responsible != null) {
                byRule.computeIfAbsent(responsible, r -> new TreeMap<>())
                        .computeIfAbsent(transition, t -> new Counter()).add(recorded);
            }
        }
        Map<String, Long> matchesByRule = new LinkedHashMap<>();
        matches.forEach((id, count) -> matchesByRule.put(id, count[0]));
        Map<String, Map<Transition, Tally>> rules = new LinkedHashMap<>();
        byRule.forEach((rule, tallies) -> rules.put(rule, tallies(tallies)));
        return new Report(bundle.version(), seen, changed, changedMoney, tallies(byTransition), rules,
                matchesByRule, errors);
    }

    /** The outcome a decision path would reach with this policy decision and the recorded budgets' answer. */
    public static Outcome outcome(PolicyDecision decision, boolean deniedByBudgets) {
        if (decision.verdict() == Verdict.DENY || deniedByBudgets) {
            return Outcome.DENIED;
        }
        return decision.verdict() == Verdict.REQUIRE_APPROVAL ? Outcome.PENDING_APPROVAL : Outcome.ALLOWED;
    }

    private static Map<Transition, Tally> tallies(Map<Transition, Counter> counters) {
        Map<Transition, Tally> tallies = new LinkedHashMap<>();
        counters.forEach((t, c) -> tallies.put(t, new Tally(c.decisions, c.nanoUsd, List.copyOf(c.sample))));
        return tallies;
    }

    private static final class Counter {
        long decisions;
        long nanoUsd;
        final List<String> sample = new ArrayList<>();

        void add(RecordedDecision decision) {
            decisions++;
            nanoUsd += decision.amountNanoUsd();
            if (sample.size() < SAMPLE_SIZE) {
                sample.add(decision.id());
            }
        }
    }
}
