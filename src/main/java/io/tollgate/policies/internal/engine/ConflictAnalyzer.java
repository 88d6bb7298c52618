package io.tollgate.policies.internal.engine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RuleScope;
import io.tollgate.policies.internal.engine.BoundaryContexts.Setting;
import org.jspecify.annotations.Nullable;

/**
 * Finds, before a bundle is published, enabled rules that disagree, rules that match nothing and rules that only
 * ever match where a deny rule matches too. The search is over candidate contexts: the recorded ones given (the
 * caller passes the last 30 days) and boundary contexts built from the literals of the conditions
 * ({@link BoundaryContexts}). It is a search, not a proof: a conflict reported is real (the witness shows it), a
 * conflict not reported may still exist outside the candidates. Pure: no clock, no database.
 */
public final class ConflictAnalyzer {

    /** A recorded context, labelled for the report (a reservation id). */
    public record Candidate(String label, DecisionContext context) {
    }

    /**
     * Two rules with different effects that both match {@code witness}; {@code winner} is the effect applied.
     * {@code recordedLabel} names the recorded context that is the witness, null when it was built from literals
     * (then {@code witnessDescription} lists the fields that matter).
     */
    public record Conflict(PolicyRule first, PolicyRule second, PolicyEffect winner, @Nullable String recordedLabel,
                           String witnessDescription, DecisionContext witness, String message) {
    }

    private record Probe(@Nullable String recordedLabel, String description, DecisionContext context) {
    }

    /** A rule every candidate it matches is also matched by one of {@code denyRuleIds}. */
    public record Shadowed(PolicyRule rule, List<String> denyRuleIds, String message) {
    }

    /** The analysis: conflicts (each pair at most once, in bundle order), dead rules and shadowed rules. */
    public record Report(List<Conflict> conflicts, List<PolicyRule> dead, List<Shadowed> shadowed) {

        public boolean clean() {
            return conflicts.isEmpty() && dead.isEmpty() && shadowed.isEmpty();
        }
    }

    /** How many satisfying assignments of each rule are combined with the other rule's, per pair. */
    static final int PAIR_ASSIGNMENTS = 4;

    public Report analyze(CompiledBundle bundle, List<Candidate> recorded) {
        List<CompiledRule> rules = bundle.compiledRules().stream().filter(r -> r.rule().enabled()).toList();
        List<Probe> candidates = new ArrayList<>(recorded.size());
        recorded.forEach(c -> candidates.add(new Probe(c.label(), "request " + c.label(), c.context())));
        Map<CompiledRule, List<List<Setting>>> satisfying = new LinkedHashMap<>();
        DecisionContext neutral = BoundaryContexts.neutral();
        for (CompiledRule rule : rules) {
            List<Setting> scope = BoundaryContexts.scopeSettings(rule.rule().scope());
            List<List<Setting>> found = new ArrayList<>();
            for (List<Setting> assignment : BoundaryContexts.assignments(
                    BoundaryContexts.settings(rule.ast().getExpr()))) {
                List<Setting> settings = concat(scope, assignment);
                DecisionContext context = BoundaryContexts.apply(neutral, settings);
                if (context == null) {
                    continue;
                }
                candidates.add(new Probe(null, describe(settings), context));
                if (matches(rule, new ContextActivation(context), context)) {
                    found.add(settings);
                }
            }
            satisfying.put(rule, found);
        }

        Map<CompiledRule, BitSet> matched = new LinkedHashMap<>();
        rules.forEach(rule -> matched.put(rule, new BitSet(candidates.size())));
        for (int i = 0; i < candidates.size(); i++) {
            DecisionContext context = candidates.get(i).context();
            ContextActivation activation = new ContextActivation(context);
            for (CompiledRule rule : rules) {
                if (matches(rule, activation, context)) {
                    matched.get(rule).set(i);
                }
            }
        }

        List<Conflict> conflicts = new ArrayList<>();
        for (int a = 0; a < rules.size(); a++) {
            for (int b = a + 1; b < rules.size(); b++) {
                CompiledRule first = rules.get(a);
                CompiledRule second = rules.get(b);
                if (first.rule().effect() == second.rule().effect()
                        || !overlap(first.rule().scope(), second.rule().scope())) {
                    continue;
                }
                int common = firstCommon(matched.get(first), matched.get(second));
                Probe witness = common < 0
                        ? jointWitness(first, second, satisfying, neutral)
                        : candidates.get(common);
                if (witness != null) {
                    conflicts.add(conflict(first.rule(), second.rule(), witness));
                }
            }
        }

        List<PolicyRule> dead = new ArrayList<>();
        List<Shadowed> shadowed = new ArrayList<>();
        for (CompiledRule rule : rules) {
            BitSet own = matched.get(rule);
            if (own.isEmpty()) {
                dead.add(rule.rule());
                continue;
            }
            if (rule.rule().effect() == PolicyEffect.DENY) {
                continue;
            }
            BitSet uncovered = (BitSet) own.clone();
            List<String> by = new ArrayList<>();
            for (CompiledRule deny : rules) {
                if (deny.rule().effect() == PolicyEffect.DENY && matched.get(deny).intersects(own)) {
                    uncovered.andNot(matched.get(deny));
                    by.add(deny.rule().id());
                }
            }
            if (uncovered.isEmpty()) {
                shadowed.add(new Shadowed(rule.rule(), by, "rule " + quoted(rule.rule()) + " ("
                        + effect(rule.rule().effect()) + ") is always overridden: every request it matches is "
                        + "denied by " + by.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", "))));
            }
        }
        return new Report(conflicts, dead, shadowed);
    }

    /** Combines the satisfying settings of two rules, each taking precedence in turn, looking for a joint match. */
    private static @Nullable Probe jointWitness(CompiledRule first, CompiledRule second,
                                                    Map<CompiledRule, List<List<Setting>>> satisfying,
                                                    DecisionContext neutral) {
        List<List<Setting>> ofFirst = satisfying.get(first);
        List<List<Setting>> ofSecond = satisfying.get(second);
        for (List<Setting> x : ofFirst.subList(0, Math.min(PAIR_ASSIGNMENTS, ofFirst.size()))) {
            for (List<Setting> y : ofSecond.subList(0, Math.min(PAIR_ASSIGNMENTS, ofSecond.size()))) {
                for (List<Setting> settings : List.of(concat(x, y), concat(y, x))) {
                    DecisionContext context = BoundaryContexts.apply(neutral, settings);
                    if (context == null) {
                        continue;
                    }
                    ContextActivation activation = new ContextActivation(context);
                    if (matches(first, activation, context) && matches(second, activation, context)) {
                        return new Probe(null, describe(settings), context);
                    }
                }
            }
        }
        return null;
    }

    private static int firstCommon(BitSet a, BitSet b) {
        if (!a.intersects(b)) {
            return -1;
        }
        int i = a.nextSetBit(0);
        while (!b.get(i)) {
            i = a.nextSetBit(i + 1);
        }
        return i;
    }

    private static boolean matches(CompiledRule rule, ContextActivation activation, DecisionContext context) {
        if (!rule.rule().scope().covers(context)) {
            return false;
        }
        try {
            return rule.matches(activation);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Whether some request can fall under both scopes. Ids of different kinds (a team and an agent) are taken to
     * overlap: the engine does not know the organisation's tree; the witness search decides.
     */
    static boolean overlap(RuleScope a, RuleScope b) {
        if (a.kind() == RuleScope.Kind.ORG || b.kind() == RuleScope.Kind.ORG || a.kind() != b.kind()) {
            return true;
        }
        if (a.kind() == RuleScope.Kind.AGENT_TAG || a.kind() == RuleScope.Kind.PROJECT_TAG) {
            String keyA = a.target().substring(0, Math.max(0, a.target().indexOf('=')));
            String keyB = b.target().substring(0, Math.max(0, b.target().indexOf('=')));
            return !keyA.equals(keyB) || a.target().equals(b.target());
        }
        return a.target().equals(b.target());
    }

    private static Conflict conflict(PolicyRule first, PolicyRule second, Probe witness) {
        PolicyEffect winner = first.effect().outranks(second.effect()) ? first.effect() : second.effect();
        String message = "rule " + quoted(first) + " (" + effect(first.effect()) + ") and rule " + quoted(second)
                + " (" + effect(second.effect()) + ") both match " + witness.description() + "; " + effect(winner)
                + " wins";
        return new Conflict(first, second, winner, witness.recordedLabel(), witness.description(),
                witness.context(), message);
    }

    private static String describe(List<Setting> settings) {
        if (settings.isEmpty()) {
            return "any request";
        }
        Map<String, Setting> last = new LinkedHashMap<>();
        settings.forEach(s -> last.put(s.path(), s));
        return "a request with " + last.values().stream().map(Setting::toString).collect(Collectors.joining(", "));
    }

    private static String quoted(PolicyRule rule) {
        return "\"" + rule.name() + "\"";
    }

    private static String effect(PolicyEffect effect) {
        return effect.name().toLowerCase(Locale.ROOT);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
