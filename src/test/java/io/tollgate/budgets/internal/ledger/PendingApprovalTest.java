package io.tollgate.budgets.internal.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.tollgate.budgets.AgentCalls;
import io.tollgate.budgets.LedgerChecks;
import io.tollgate.budgets.LedgerFixture;
import io.tollgate.budgets.ReservationState;
import io.tollgate.identity.AgentId;
import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.Money;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.TenantId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** The PENDING_APPROVAL part of the lifecycle, stored and moved now; the approvals module will route into it. */
@TollgateTest
class PendingApprovalTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    ReservationService reservations;

    LedgerFixture org;
    LedgerChecks checks;
    LedgerFixture.AgentKey agent;
    String teamBudget;

    @BeforeEach
    void setUp() {
        org = new LedgerFixture(port, Databases.of(environment), "Approvals");
        checks = new LedgerChecks(Databases.of(environment));
        agent = org.agent();
        teamBudget = org.budget("team", PrefixedId.format("team", agent.agent().team()), "monthly", "5", true, "");
    }

    @Test
    void a_parked_reservation_holds_nothing_until_approved_and_then_holds_like_any_other() {
        ReservationService.View parked = park("3");
        assertThat(parked.state()).isEqualTo(ReservationState.PENDING_APPROVAL);
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("0.00");

        ReservationService.View approved = as(() -> reservations.approve(parked.reservation().id()));

        assertThat(approved.state()).isEqualTo(ReservationState.ACTIVE);
        assertThat(approved.reservation().expiresAt()).isNotNull();
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("3.00");
        assertThatThrownBy(() -> as(() -> reservations.approve(parked.reservation().id())))
                .isInstanceOf(ApiProblemException.class).hasMessageContaining("not waiting for approval");
        checks.assertInvariants(new TenantId(org.tenant));
    }

    @Test
    void approval_is_denied_when_the_budget_filled_up_meanwhile_and_rejection_denies() {
        ReservationService.View parked = park("3");
        ReservationService.View rejectedOne = park("1");
        as(() -> reservations.reserve(new ReservationService.ReserveRequest("openai", "gpt-4o-mini", null,
                Money.ofUsd("4"), 600, Map.of(), null)));

        ReservationService.View late = as(() -> reservations.approve(parked.reservation().id()));
        ReservationService.View rejected = as(() -> reservations.reject(rejectedOne.reservation().id(), "Not now."));

        assertThat(late.state()).isEqualTo(ReservationState.DENIED);
        assertThat(late.reservation().reasons()).extracting(Reservation.Reason::code).containsExactly("budget_exceeded");
        assertThat(rejected.state()).isEqualTo(ReservationState.DENIED);
        assertThat(rejected.reservation().reasons()).extracting(Reservation.Reason::message).containsExactly("Not now.");
        assertThat(org.budgetView(teamBudget).get("held_usd").asString()).isEqualTo("4.00");
        assertThatThrownBy(() -> as(() -> reservations.commit(late.reservation().id(),
                new ReservationService.Actual(null, Money.ofUsd("1")))))
                .isInstanceOf(ApiProblemException.class).hasMessageContaining("only an active one");
        checks.assertInvariants(new TenantId(org.tenant));
    }

    private ReservationService.View park(String usd) {
        return as(() -> reservations.parkForApproval(new AgentId(agent.agent().id()),
                new ReservationService.ReserveRequest("openai", "gpt-4o-mini", null, Money.ofUsd(usd), 600, Map.of(),
                        null), List.of(new Reservation.Reason("policy", null, "Large spend needs approval."))));
    }

    private <T> T as(java.util.function.Supplier<T> work) {
        return AgentCalls.as(org.tenant, agent.agent().id(), work);
    }
}
