package io.tollgate.budgets.internal.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import io.tollgate.identity.OrgScopes;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.policies.DecisionContext;
import io.tollgate.policies.DecisionJson;
import io.tollgate.policies.PolicyDecision;
import io.tollgate.policies.PolicyGate;
import io.tollgate.policies.RuleOutcome;
import org.springframework.stereotype.Component;

/**
 * The decision path's policy step (DESIGN §10): builds the decision context from what the reservation already
 * loaded (request, chain, tenant-local time, the locked windows), reads history only when the tenant's bundle needs
 * it, and asks the {@link PolicyGate}, which answers from memory. No round trip otherwise.
 */
@Component
class PolicyCheck {

    /** The policies' answer as the reservation uses it: a stamp to record, and the reasons when not plainly allowed. */
    record Outcome(PolicyStamp stamp, List<Reservation.Reason> reasons) {

        boolean denied() {
            return stamp.verdict() == PolicyDecision.Verdict.DENY;
        }

        boolean needsApproval() {
            return stamp.verdict() == PolicyDecision.Verdict.REQUIRE_APPROVAL;
        }
    }

    private final PolicyGate gate;
    private final AgentHistory history;

    PolicyCheck(PolicyGate gate, AgentHistory history) {
        this.gate = gate;
        this.history = history;
    }

    Outcome decide(TenantId tenant, OrgScopes.AgentChain chain, ReservationService.ReserveRequest request,
                   long estimated, Instant now, ZoneId zone, List<LockedWindow> windows) {
        DecisionContext.History recent = gate.needsHistory(tenant)
                ? history.of(chain.agent().value(), request.provider(), request.model(), now, zone) : null;
        DecisionContext context = new DecisionContext(
                new DecisionContext.Request(request.provider(), request.model(), estimated,
                        tokens(request),
                        Duration.ofSeconds(request.ttlSeconds()), request.tags()),
                party("agt", chain.agent().value()), party("prj", chain.project().value()),
                party("team", chain.team().value()), new DecisionContext.Time(now, zone),
                windows.stream().map(w -> window(w, chain)).toList(), recent);
        PolicyDecision decision = gate.decide(tenant, context);
        PolicyStamp stamp = new PolicyStamp(decision.bundleVersion(), decision.verdict(), decision.decidingRuleId(),
                decision.matchedOrFailed(), DecisionJson.write(context));
        return new Outcome(stamp, reasons(decision));
    }

    private static List<Reservation.Reason> reasons(PolicyDecision decision) {
        if (decision.verdict() == PolicyDecision.Verdict.ALLOW) {
            return List.of();
        }
        RuleOutcome deciding = decision.matchedOrFailed().stream()
                .filter(r -> r.ruleId().equals(decision.decidingRuleId())).findFirst().orElse(null);
        String name = deciding == null ? "?" : deciding.ruleName();
        String version = "bundle v" + decision.bundleVersion();
        if (decision.verdict() == PolicyDecision.Verdict.REQUIRE_APPROVAL) {
            return List.of(new Reservation.Reason("policy_approval", null, "Policy rule \"" + name + "\" ("
                    + decision.decidingRuleId() + ", " + version + ") requires approval by the "
                    + decision.approvalTier() + " tier."));
        }
        if (deciding != null && deciding.status() == RuleOutcome.Status.ERROR) {
            return List.of(new Reservation.Reason("policy_error", null, "Policy rule \"" + name + "\" ("
                    + deciding.ruleId() + ", " + version + ") could not be evaluated (" + deciding.error()
                    + "); it denies on error."));
        }
        return List.of(new Reservation.Reason("policy_denied", null, "Denied by policy rule \"" + name + "\" ("
                + decision.decidingRuleId() + ", " + version + ")."));
    }

    /** Estimated counts by class as the context names them: input, output, cached_input_read … */
    private static java.util.Map<String, Long> tokens(ReservationService.ReserveRequest request) {
        java.util.Map<String, Long> tokens = new java.util.LinkedHashMap<>();
        if (request.estimate() != null) {
            UsageJson.toMap(request.estimate()).forEach((k, v) -> tokens.put(k.endsWith("_tokens")
                    ? k.substring(0, k.length() - "_tokens".length()) : k, v));
        }
        return tokens;
    }

    private static DecisionContext.Party party(String prefix, java.util.UUID id) {
        // Org units carry no display names or tags in the chain the ledger loads; see docs/policies-operations.md.
        return new DecisionContext.Party(PrefixedId.format(prefix, id), "", java.util.Map.of());
    }

    private static DecisionContext.BudgetWindow window(LockedWindow w, OrgScopes.AgentChain chain) {
        String scopeId = switch (w.scopeType()) {
            case "AGENT" -> PrefixedId.format("agt", chain.agent().value());
            case "PROJECT" -> PrefixedId.format("prj", chain.project().value());
            case "TEAM" -> PrefixedId.format("team", chain.team().value());
            default -> "";
        };
        return new DecisionContext.BudgetWindow(w.scopeType().toLowerCase(Locale.ROOT), scopeId,
                w.period().name().toLowerCase(Locale.ROOT), w.hard(), w.limit(), w.used());
    }
}
