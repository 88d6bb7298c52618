package io.tollgate.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReservationStateTest {

    @Test
    void the_lifecycle_allows_exactly_the_design_transitions_and_terminal_states_are_final() {
        assertThat(allowedFrom(ReservationState.PENDING_APPROVAL))
                .containsExactlyInAnyOrder(ReservationState.ACTIVE, ReservationState.DENIED);
        assertThat(allowedFrom(ReservationState.ACTIVE)).containsExactlyInAnyOrder(ReservationState.COMMITTED,
                ReservationState.RELEASED, ReservationState.EXPIRED);
        for (ReservationState terminal : EnumSet.of(ReservationState.COMMITTED, ReservationState.RELEASED,
                ReservationState.EXPIRED, ReservationState.DENIED)) {
            assertThat(terminal.terminal()).isTrue();
            assertThat(allowedFrom(terminal)).isEmpty();
        }
        assertThat(ReservationState.ACTIVE.terminal()).isFalse();
        assertThat(ReservationState.PENDING_APPROVAL.terminal()).isFalse();
    }

    private static Set<ReservationState> allowedFrom(ReservationState from) {
        Set<ReservationState> allowed = EnumSet.noneOf(ReservationState.class);
        for (ReservationState to : ReservationState.values()) {
            if (from.canMoveTo(to)) {
                allowed.add(to);
            }
        }
        return allowed;
    }
}
