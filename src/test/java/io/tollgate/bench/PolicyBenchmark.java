package io.tollgate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.DecisionContext.BudgetWindow;
import io.tollgate.policies.DecisionContext.History;
import io.tollgate.policies.DecisionContext.Party;
import io.tollgate.policies.OnError;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyEffect;
import io.tollgate.policies.PolicyRule;
import io.tollgate.policies.RuleScope;
import io.tollgate.policies.internal.engine.CompiledBundle;
import io.tollgate.policies.internal.engine.ConflictAnalyzer;
import io.tollgate.policies.internal.engine.RuleCompiler;
import io.tollgate.policies.internal.engine.Simulator;
import io.tollgate.policies.internal.engine.Simulator.RecordedDecision;

/**
 * Policy evaluation and simulation speed (issue 14): a 100-rule bundle over the full decision context (every
 * variable, history included) decided single-threaded, p50/p99 per decision (target p99 ≤ 50 µs); and 100,000
 * recorded decisions simulated (target ≤ 10 s); and, without a target, the publish-time conflict analysis of 100
 * and 500 rules over 1,000 recorded contexts. Run with {@code bench/policies.sh}; writes
 * {@code bench/results/policies.md}.
 */
public final class PolicyBenchmark {

    private static final long USD = 1_000_000_000L;
    private static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o", "o3", "claude-sonnet-4",
            "claude-opus-4", "gemini-2.5-pro");
    private static final List<String> TEMPLATES = List.of(
            "request.estimated_usd > %d.5",
            "agent.tags['env'] == 'dev' && request.model in ['o3', 'claude-opus-4', 'gemini-2.5-pro']",
            "team.name == 'Research%d' && time.local_weekday in ['SATURDAY', 'SUNDAY']",
            "budgets.exists(b, b.hard && b.fraction_after > 0.9%d)",
            "!history.model_used_before && request.estimated_usd > 0.%d",
            "history.requests_last_hour > 5%d",
            "request.tokens['output'] > 8%d00",
            "request.provider == 'anthropic' && request.ttl_seconds > 3%d00",
            "time.local_hour < 6 || time.local_hour > 2%d",
            "project.tags['stage'] == 'pilot%d' && history.agent_spent_today_usd > 20.0",
            "request.model.startsWith('gpt-5') && agent.name != 'bot-%d'",
            "history.agent_spent_period_usd + request.estimated_usd > 40%d.0");

    private PolicyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int decisions = Integer.getInteger("decisions", 200_000);
        int recorded = Integer.getInteger("recorded", 100_000);
        Path report = Path.of(System.getProperty("report", "bench/results/policies.md"));
        String loadBefore = System.getProperty("uptime", "");

        CompiledBundle bundle = new RuleCompiler().compile(1, rules(100)).orThrow();
        Random random = new Random(42);
        DecisionContext[] contexts = new DecisionContext[4096];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = context(random);
        }

        long sink = 0;
        for (int i = 0; i < decisions; i++) { // warm-up: the JIT, not the numbers
            sink += bundle.evaluate(contexts[i & 4095]).matchedOrFailed().size();
        }
        long[] nanos = new long[decisions];
        var threads = ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            long t0 = System.nanoTime();
            PolicyDecision decision = bundle.evaluate(contexts[(i * 7) & 4095]);
            nanos[i] = System.nanoTime() - t0;
            sink += decision.matchedOrFailed().size();
        }
        double totalSeconds = (System.nanoTime() - started) / 1e9;
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e3 / decisions;
        Arrays.sort(nanos);

        List<RecordedDecision> history = new ArrayList<>(recorded);
        for (int i = 0; i < recorded; i++) {
            DecisionContext context = contexts[i & 4095];
            history.add(new RecordedDecision("rsv_" + i, context, Simulator.Outcome.ALLOWED, false, null,
                    context.request().estimatedNanoUsd()));
        }
        Simulator simulator = new Simulator();
        double[] simulationSeconds = new double[3];
        Simulator.Report simulation = null;
        for (int run = 0; run < simulationSeconds.length; run++) {
            long t0 = System.nanoTime();
            simulation = simulator.simulate(bundle, history);
            simulationSeconds[run] = (System.nanoTime() - t0) / 1e9;
        }

        List<ConflictAnalyzer.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            candidates.add(new ConflictAnalyzer.Candidate("rsv_" + i, contexts[i]));
        }
        StringBuilder conflictRows = new StringBuilder();
        for (int size : new int[] {100, 500}) {
            CompiledBundle analysed = new RuleCompiler().compile(2, rules(size)).orThrow();
            long t0 = System.nanoTime();
            ConflictAnalyzer.Report conflicts = new ConflictAnalyzer().analyze(analysed, candidates);
            conflictRows.append("| ").append(size).append(" | ").append(candidates.size()).append(" | ")
                    .append(String.format("%.2f", (System.nanoTime() - t0) / 1e9)).append(" | ")
                    .append(conflicts.conflicts().size()).append(" | ").append(conflicts.dead().size())
                    .append(" | ").append(conflicts.shadowed().size()).append(" |\n");
        }

        String loadAfter = uptime();
        StringBuilder md = new StringBuilder();
        md.append("# Policy evaluation and simulation benchmark\n\n")
                .append("Command: `bench/policies.sh` (").append(decisions).append(" decisions, ")
                .append(recorded).append(" recorded decisions). ").append(Instant.now()).append(", ")
                .append(Runtime.version()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, heap ").append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB.\n\n")
                .append("Load before: `").append(loadBefore.strip()).append("`  \nLoad after: `")
                .append(loadAfter.strip()).append("`\n\n")
                .append("Bundle: 100 enabled org-wide rules over every variable of the context (request, agent, ")
                .append("project, team, time, budgets, history), written from ").append(TEMPLATES.size())
                .append(" shapes with different literals; ").append(contexts.length)
                .append(" random contexts with 4 budget windows each.\n\n")
                .append("## Evaluation, single-threaded (target p99 ≤ 50 µs)\n\n")
                .append("Wall-clock time per decision (it includes time the thread was descheduled: compare ")
                .append("the load above with the 2 CPUs), and the thread's CPU time per decision (mean).\n\n")
                .append("| decisions | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | decisions/s | CPU µs/decision |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                .append("| ").append(decisions).append(" | ").append(micros(nanos, 0.50)).append(" | ")
                .append(micros(nanos, 0.90)).append(" | ").append(micros(nanos, 0.99)).append(" | ")
                .append(micros(nanos, 0.999)).append(" | ").append(micros(nanos, 1.0)).append(" | ")
                .append(Math.round(decisions / totalSeconds)).append(" | ")
                .append(String.format("%.1f", cpuMicros)).append(" |\n\n")
                .append("## Simulation of recorded decisions (target ≤ 10 s for 100,000)\n\n")
                .append("| recorded decisions | run 1 s | run 2 s | run 3 s | changed |\n|---:|---:|---:|---:|---:|\n")
                .append("| ").append(recorded).append(" | ")
                .append(String.format("%.2f | %.2f | %.2f", simulationSeconds[0], simulationSeconds[1],
                        simulationSeconds[2]))
                .append(" | ").append(simulation.changed()).append(" |\n\n")
                .append("## Conflict analysis at publish (no target; what policy validation costs)\n\n")
                .append("| rules | recorded contexts | seconds | conflicts | dead | shadowed |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n").append(conflictRows).append("\n")
                .append("(checksum ").append(sink).append(")\n");
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, md);
        System.out.print(md);
    }

    private static String micros(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return String.format("%.1f", sorted[Math.max(0, index)] / 1000.0);
    }

    private static String uptime() {
        return "load average " + String.format("%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + " (1 min, JVM view)";
    }

    static List<PolicyRule> rules(int count) {
        List<PolicyRule> rules = new ArrayList<>(count);
        PolicyEffect[] effects = PolicyEffect.values();
        for (int i = 0; i < count; i++) {
            String condition = TEMPLATES.get(i % TEMPLATES.size()).formatted(i % 10);
            PolicyEffect effect = effects[i % effects.length];
            rules.add(new PolicyRule("pol_" + i, "rule " + i, "", RuleScope.org(), condition, effect,
                    effect == PolicyEffect.REQUIRE_APPROVAL ? "manager" : null, OnError.SKIP, true));
        }
        return rules;
    }

    static DecisionContext context(Random random) {
        String model = MODELS.get(random.nextInt(MODELS.size()));
        long nanoUsd = random.nextInt(20_000) * (USD / 1000);
        var request = new DecisionContext.Request(model.startsWith("claude") ? "anthropic" : "openai", model,
                nanoUsd, Map.of("input", (long) random.nextInt(20_000), "output", (long) random.nextInt(9_000)),
                Duration.ofSeconds(60 + random.nextInt(600)), Map.of("purpose", "bench"));
        var agent = new Party("agt_" + random.nextInt(1000), "bot-" + random.nextInt(1000),
                Map.of("env", random.nextInt(4) == 0 ? "dev" : "prod"));
        var project = new Party("prj_" + random.nextInt(100), "project", Map.of("stage", "ga"));
        var team = new Party("team_" + random.nextInt(50), "Research" + random.nextInt(10), Map.of());
        var time = new DecisionContext.Time(Instant.parse("2026-12-07T00:00:00Z")
                .plusSeconds(random.nextInt(7 * 24 * 3600)), ZoneId.of("Europe/Paris"));
        List<BudgetWindow> budgets = List.of(
                new BudgetWindow("org", "org_1", "month", true, 100_000 * USD, random.nextInt(100_000) * USD),
                new BudgetWindow("team", team.id(), "month", true, 5_000 * USD, random.nextInt(5_000) * USD),
                new BudgetWindow("project", project.id(), "week", false, 1_000 * USD, random.nextInt(1_000) * USD),
                new BudgetWindow("agent", agent.id(), "day", true, 50 * USD, random.nextInt(50) * USD));
        var history = new History(random.nextInt(30) * USD, random.nextInt(500) * USD, random.nextInt(80),
                random.nextInt(10) != 0);
        return new DecisionContext(request, agent, project, team, time, budgets, history);
    }
}
