package io.tollgate.budgets.internal.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.tollgate.budgets.BudgetPeriod;
import io.tollgate.budgets.internal.Budget;
import io.tollgate.budgets.internal.BudgetService;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.Money;
import org.jspecify.annotations.Nullable;

/**
 * The create and edit form of a budget. It only turns text into the service's parameters (amounts, percentages,
 * the chosen scope); every rule about them is {@link BudgetService}'s, so the API and the console agree.
 * {@code scope} is {@code org} or {@code team:<uuid>}, {@code project:<uuid>}, {@code agent:<uuid>}.
 */
public class BudgetFormData {

    private String name = "";
    private String scope = "org";
    private String period = "monthly";
    private String limitUsd = "";
    private boolean hard = true;
    private String softThresholds = "";
    private String perRequestMaxUsd = "";
    private long version;

    public String getName() { return name; }
    public void setName(@Nullable String value) { name = clean(value); }
    public String getScope() { return scope; }
    public void setScope(@Nullable String value) { scope = clean(value); }
    public String getPeriod() { return period; }
    public void setPeriod(@Nullable String value) { period = clean(value); }
    public String getLimitUsd() { return limitUsd; }
    public void setLimitUsd(@Nullable String value) { limitUsd = clean(value); }
    public boolean isHard() { return hard; }
    public void setHard(boolean value) { hard = value; }
    public String getSoftThresholds() { return softThresholds; }
    public void setSoftThresholds(@Nullable String value) { softThresholds = clean(value); }
    public String getPerRequestMaxUsd() { return perRequestMaxUsd; }
    public void setPerRequestMaxUsd(@Nullable String value) { perRequestMaxUsd = clean(value); }
    public long getVersion() { return version; }
    public void setVersion(long value) { version = value; }

    static BudgetFormData of(Budget b) {
        BudgetFormData form = new BudgetFormData();
        form.name = b.name();
        form.scope = b.scopeId() == null ? "org" : b.scopeType().name().toLowerCase(Locale.ROOT) + ":" + b.scopeId();
        form.period = b.period().name().toLowerCase(Locale.ROOT);
        form.limitUsd = b.limit().toUsdString();
        form.hard = b.hard();
        form.softThresholds = String.join(", ", b.softThresholds().stream().map(String::valueOf).toList());
        form.perRequestMaxUsd = b.perRequestMax() == null ? "" : b.perRequestMax().toUsdString();
        form.version = b.version();
        return form;
    }

    BudgetService.Scope toScope() {
        if (scope.equals("org")) {
            return new BudgetService.Scope(Budget.ScopeType.ORG, null);
        }
        int colon = scope.indexOf(':');
        try {
            Budget.ScopeType type = Budget.ScopeType.valueOf(scope.substring(0, Math.max(0, colon))
                    .toUpperCase(Locale.ROOT));
            if (type != Budget.ScopeType.ORG) {
                return new BudgetService.Scope(type, UUID.fromString(scope.substring(colon + 1)));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw new InvalidInputException("scope", "Choose what the budget covers.");
    }

    BudgetPeriod toPeriod() {
        try {
            return BudgetPeriod.valueOf(period.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("period", "Choose daily, weekly, monthly or lifetime.");
        }
    }

    /** The settings, or every problem of the text at once (each field is reported, not only the first). */
    BudgetService.Settings toSettings() {
        List<InvalidInputException.Problem> problems = new ArrayList<>();
        Money limit = Money.ZERO;
        if (limitUsd.isEmpty()) {
            problems.add(new InvalidInputException.Problem("limit_usd", "Give the limit in USD, e.g. 250.00."));
        } else {
            try {
                limit = Money.ofUsd(limitUsd.replace(",", "").replace("$", ""));
            } catch (IllegalArgumentException e) {
                problems.add(new InvalidInputException.Problem("limit_usd", e.getMessage()));
            }
        }
        List<Integer> thresholds = new ArrayList<>();
        if (!softThresholds.isBlank()) {
            for (String part : softThresholds.split("[,\\s]+")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    thresholds.add(Integer.parseInt(part.replace("%", "")));
                } catch (NumberFormatException e) {
                    problems.add(new InvalidInputException.Problem("soft_thresholds",
                            "Write whole percentages separated by commas, e.g. 50, 80."));
                    break;
                }
            }
        }
        Money perRequest = null;
        if (!perRequestMaxUsd.isEmpty()) {
            try {
                perRequest = Money.ofUsd(perRequestMaxUsd.replace(",", "").replace("$", ""));
            } catch (IllegalArgumentException e) {
                problems.add(new InvalidInputException.Problem("per_request_max_usd", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The budget is not valid.", problems);
        }
        return new BudgetService.Settings(name, limit, hard, thresholds, perRequest);
    }

    /** The form field of a service (API) field name. */
    static String formField(@Nullable String apiField) {
        return switch (apiField == null ? "" : apiField) {
            case "name" -> "name";
            case "period" -> "period";
            case "limit_usd" -> "limitUsd";
            case "soft_thresholds" -> "softThresholds";
            case "per_request_max_usd" -> "perRequestMaxUsd";
            default -> "scope";
        };
    }

    private static String clean(@Nullable String value) {
        return value == null ? "" : value.strip();
    }
}
