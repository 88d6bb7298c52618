package io.tollgate.policies;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which requests a rule looks at. {@code ORG} covers every request of the tenant; {@code TEAM}, {@code PROJECT} and
 * {@code AGENT} name one by its prefixed id; {@code AGENT_TAG} and {@code PROJECT_TAG} name a tag as {@code key=value}.
 */
public record RuleScope(Kind kind, @Nullable String target) {

    public enum Kind { ORG, TEAM, PROJECT, AGENT, AGENT_TAG, PROJECT_TAG }

    public RuleScope {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.ORG) != (target == null)) {
            throw new IllegalArgumentException("an org scope has no target, every other scope has one");
        }
    }

    public static RuleScope org() {
        return new RuleScope(Kind.ORG, null);
    }

    /** Whether a request with this context falls under the scope. */
    public boolean covers(DecisionContext context) {
        return switch (kind) {
            case ORG -> true;
            case TEAM -> target.equals(context.team().id());
            case PROJECT -> target.equals(context.project().id());
            case AGENT -> target.equals(context.agent().id());
            case AGENT_TAG -> hasTag(context.agent(), target);
            case PROJECT_TAG -> hasTag(context.project(), target);
        };
    }

    private static boolean hasTag(DecisionContext.Party party, String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        return keyValue.substring(eq + 1).equals(party.tags().get(keyValue.substring(0, eq)));
    }
}
