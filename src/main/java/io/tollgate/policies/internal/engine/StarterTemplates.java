package io.tollgate.policies.internal.engine;

import java.util.List;

import io.tollgate.policies.PolicyEffect;
import org.jspecify.annotations.Nullable;

/**
 * Ready-made rules the console offers as a starting point (docs/policies.md lists the same ones). Each compiles
 * against the {@link ContextSchema}; a test keeps it so. Conditions that read a tag test that the key is there
 * first: reading a missing key is a run-time error, which denies under the default {@code on_error}.
 */
public final class StarterTemplates {

    /** A template: a stable key, a title and a sentence for the picker, and the rule's condition and effect. */
    public record StarterTemplate(String key, String title, String description, String condition,
                                  PolicyEffect effect, @Nullable String approvalTier) {
    }

    private static final List<StarterTemplate> ALL = List.of(
            new StarterTemplate("dev-no-frontier", "Dev agents may not use frontier models",
                    "Agents tagged env=dev are denied the most expensive models.",
                    "'env' in agent.tags && agent.tags['env'] == 'dev'\n"
                            + "  && request.model in ['o3', 'gpt-5', 'claude-opus-4', 'gemini-2.5-pro']",
                    PolicyEffect.DENY, null),
            new StarterTemplate("big-request-approval", "A single request above $5 needs approval",
                    "Any one request estimated above five dollars waits for a person.",
                    "request.estimated_usd > 5.0",
                    PolicyEffect.REQUIRE_APPROVAL, "manager"),
            new StarterTemplate("research-no-weekends", "Team Research spends nothing on weekends",
                    "Requests from team Research on a Saturday or Sunday (organisation time) are denied.",
                    "team.name == 'Research' && time.local_weekday in ['SATURDAY', 'SUNDAY']",
                    PolicyEffect.DENY, null),
            new StarterTemplate("first-model-use-approval", "First use of a model needs approval",
                    "An agent asking for a model it never used before waits for a person. Reads history.",
                    "!history.model_used_before",
                    PolicyEffect.REQUIRE_APPROVAL, "manager"),
            new StarterTemplate("hard-budget-90-percent", "Watch requests that take a budget past 90 %",
                    "Records (does not block) requests after which a hard budget window is over 90 % used.",
                    "budgets.exists(b, b.hard && b.fraction_after > 0.9)",
                    PolicyEffect.MONITOR, null),
            new StarterTemplate("runaway-agent", "Stop an agent that loops",
                    "An agent that asked for more than 500 reservations in the last hour is denied. Reads history.",
                    "history.requests_last_hour > 500",
                    PolicyEffect.DENY, null),
            new StarterTemplate("out-of-hours-approval", "Out-of-hours spend needs approval",
                    "Requests before 07:00 or from 20:00 (organisation time) wait for a person.",
                    "time.local_hour < 7 || time.local_hour >= 20",
                    PolicyEffect.REQUIRE_APPROVAL, "on-call"),
            new StarterTemplate("agent-daily-cap", "An agent spends at most $50 a day",
                    "Denies a request that would take the agent's spend today above fifty dollars. Reads history.",
                    "history.agent_spent_today_usd + request.estimated_usd > 50.0",
                    PolicyEffect.DENY, null));

    private StarterTemplates() {
    }

    public static List<StarterTemplate> all() {
        return ALL;
    }
}
