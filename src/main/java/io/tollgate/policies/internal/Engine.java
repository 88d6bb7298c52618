package io.tollgate.policies.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RecordedDecisions;
import io.tollgate.policies.internal.engine.CompiledBundle;
import io.tollgate.policies.internal.engine.ConflictAnalyzer;
import io.tollgate.policies.internal.engine.RuleCompiler;
import io.tollgate.policies.internal.engine.Simulator;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The one place this side of the module meets the CEL engine (package {@code engine}): compile a bundle, decide and
 * explain, analyse conflicts and simulate. Everything above speaks these small records only.
 */
@Component
class Engine {

    /** A compile or type error of one rule (null: the whole bundle), at a 1-based line and column (0: none). */
    record Diagnostic(@Nullable String ruleId, int line, int column, String code, String message) {
    }

    /** Two enabled rules with different effects that both match a witness context. */
    record Conflict(String ruleA, String ruleB, String description) {
    }

    record Analysis(List<Conflict> conflicts, List<String> deadRules, List<String> shadowedRules) {

        static final Analysis NONE = new Analysis(List.of(), List.of(), List.of());
    }

    /** A compiled bundle, or the diagnostics that stopped it. */
    record Compilation(@Nullable CompiledBundle compiled, List<Diagnostic> diagnostics) {

        boolean ok() {
            return compiled != null;
        }
    }

    /** Outcome changes between what was decided and what the simulated bundle decides, with money. */
    record Simulation(long decisions, long changed, long changedNanoUsd, List<Transition> transitions,
                      List<RuleImpact> byRule, Map<String, Long> matchesByRule, long errors) {
    }

    record Transition(String from, String to, long count, long amountNanoUsd, List<String> sampleReservations) {
    }

    record RuleImpact(String ruleId, String from, String to, long count, long amountNanoUsd) {
    }

    private final RuleCompiler compiler = new RuleCompiler();
    private final Simulator simulator = new Simulator();
    private final ConflictAnalyzer analyzer = new ConflictAnalyzer();

    Compilation compile(long version, List<PolicyRule> rules) {
        RuleCompiler.Result result = compiler.compile(version, rules);
        return new Compilation(result.ok() ? result.bundle() : null,
                result.diagnostics().stream().map(Engine::diagnostic).toList());
    }

    /** A bundle without rules: everything is allowed, nothing needs history. */
    CompiledBundle empty() {
        return compiler.compile(0, List.of()).orThrow();
    }

    /** One rule on its own (the editor's live validation). */
    List<Diagnostic> check(PolicyRule rule) {
        return compiler.check(rule).stream().map(Engine::diagnostic).toList();
    }

    /** Conflicts, dead and shadowed rules of a bundle that compiles, with recorded contexts as candidate witnesses. */
    Analysis analyze(CompiledBundle bundle, List<RecordedDecisions.Recorded> recorded) {
        ConflictAnalyzer.Report report = analyzer.analyze(bundle, recorded.stream()
                .map(r -> new ConflictAnalyzer.Candidate(r.reservationId(), r.context())).toList());
        return new Analysis(report.conflicts().stream().map(c -> new Conflict(c.first().id(), c.second().id(),
                c.message())).toList(), report.dead().stream().map(PolicyRule::id).toList(),
                report.shadowed().stream().map(s -> s.rule().id()).toList());
    }

    Simulation simulate(CompiledBundle bundle, List<RecordedDecisions.Recorded> recorded) {
        List<Simulator.RecordedDecision> decisions = new ArrayList<>(recorded.size());
        for (RecordedDecisions.Recorded r : recorded) {
            decisions.add(new Simulator.RecordedDecision(r.reservationId(), r.context(), outcome(r),
                    r.deniedByBudgets(), r.decidingRuleId(), r.amountNanoUsd()));
        }
        Simulator.Report report = simulator.simulate(bundle, decisions);
        List<Transition> transitions = new ArrayList<>();
        report.byTransition().forEach((t, tally) -> transitions.add(new Transition(name(t.from()), name(t.to()),
                tally.decisions(), tally.nanoUsd(), tally.sampleIds())));
        List<RuleImpact> byRule = new ArrayList<>();
        report.byRule().forEach((rule, tallies) -> tallies.forEach((t, tally) -> byRule.add(new RuleImpact(rule,
                name(t.from()), name(t.to()), tally.decisions(), tally.nanoUsd()))));
        return new Simulation(report.decisions(), report.changed(), report.changedNanoUsd(), transitions, byRule,
                report.matchesByRule(), report.errors());
    }

    /** What the decision path reached at the time: a budget refusal or a deny denies, then approval, then allow. */
    private static Simulator.Outcome outcome(RecordedDecisions.Recorded r) {
        return Simulator.outcome(new PolicyDecision(r.bundleVersion(), r.verdict(), null, r.decidingRuleId(),
                List.of()), r.deniedByBudgets());
    }

    private static String name(Simulator.Outcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Diagnostic diagnostic(io.tollgate.policies.internal.engine.Diagnostic d) {
        return new Diagnostic(d.ruleId(), d.line(), d.column(), d.code().name().toLowerCase(java.util.Locale.ROOT),
                d.message());
    }
}
