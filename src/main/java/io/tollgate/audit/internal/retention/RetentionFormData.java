package io.tollgate.audit.internal.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The retention settings form: validated here, never bound to a row. Days are text so that anything typed gets
 * the same plain message instead of a conversion error.
 */
class RetentionFormData {

    static final String DAYS_MESSAGE = "Keep audit events for 30 to 3650 days.";

    @NotBlank(message = DAYS_MESSAGE)
    @Pattern(regexp = "^\\d{1,5}$", message = DAYS_MESSAGE)
    @Min(value = RetentionViews.MIN_RETENTION_DAYS, message = DAYS_MESSAGE)
    @Max(value = RetentionViews.MAX_RETENTION_DAYS, message = DAYS_MESSAGE)
    private String retentionDays = String.valueOf(RetentionViews.DEFAULT_RETENTION_DAYS);
    private boolean legalHold;
    @NotNull
    private Long version = 0L;

    int days() {
        return Integer.parseInt(retentionDays);
    }

    public String getRetentionDays() { return retentionDays; }
    public void setRetentionDays(String value) { retentionDays = value == null ? "" : value.trim(); }
    public boolean isLegalHold() { return legalHold; }
    public void setLegalHold(boolean value) { legalHold = value; }
    public Long getVersion() { return version; }
    public void setVersion(Long value) { version = value; }
}
