package io.tollgate.budgets.internal.ledger;

import java.util.List;
import java.util.UUID;

import io.tollgate.platform.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading usage lines with what adjustments have made of them. */
@Service
@Transactional(readOnly = true)
public class UsageLineService {

    /** A line and its cost after refunds and corrections. */
    public record View(UsageLine line, long adjustments) {

        public long net() {
            return line.reported() + adjustments;
        }
    }

    private final UsageLineStore lines;
    private final AdjustmentStore adjustments;

    UsageLineService(UsageLineStore lines, AdjustmentStore adjustments) {
        this.lines = lines;
        this.adjustments = adjustments;
    }

    @PreAuthorize(ReservationService.READERS_OF_THE_TENANT)
    public View get(UUID id) {
        UsageLine line = lines.find(id).orElseThrow(() -> NotFoundException.of("usage line"));
        return new View(line, adjustments.totalFor(id));
    }

    @PreAuthorize(ReservationService.READERS_OF_THE_TENANT)
    public List<View> page(@Nullable UUID agent, @Nullable UUID before, int limit) {
        return lines.page(agent, before, limit).stream()
                .map(line -> new View(line, adjustments.totalFor(line.id()))).toList();
    }
}
