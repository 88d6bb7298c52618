package io.tollgate.budgets;

import java.util.Objects;
import java.util.UUID;

/** Identifies a budget inside its tenant; the API shows it as {@code bud_…}. */
public record BudgetId(UUID value) {

    public BudgetId {
        Objects.requireNonNull(value, "budget id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
