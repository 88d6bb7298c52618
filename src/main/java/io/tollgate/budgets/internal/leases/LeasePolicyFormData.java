package io.tollgate.budgets.internal.leases;

import org.jspecify.annotations.Nullable;

/** The console's lease policy form: the switch, the default TTL as typed, and the version read. */
public class LeasePolicyFormData {

    private boolean leasesRequired;
    private String defaultTtlSeconds = String.valueOf(LeasePolicy.DEFAULT_TTL_SECONDS);
    private long version;

    static LeasePolicyFormData of(LeasePolicy policy) {
        LeasePolicyFormData form = new LeasePolicyFormData();
        form.leasesRequired = policy.leasesRequired();
        form.defaultTtlSeconds = String.valueOf(policy.defaultTtlSeconds());
        form.version = policy.version();
        return form;
    }

    /** The TTL, or null when it is not a whole number (the caller reports it). */
    @Nullable Integer ttl() {
        try {
            return Integer.valueOf(defaultTtlSeconds.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean isLeasesRequired() { return leasesRequired; }
    public void setLeasesRequired(boolean value) { leasesRequired = value; }
    public String getDefaultTtlSeconds() { return defaultTtlSeconds; }
    public void setDefaultTtlSeconds(@Nullable String value) { defaultTtlSeconds = value == null ? "" : value; }
    public long getVersion() { return version; }
    public void setVersion(long version) { this.version = version; }
}
