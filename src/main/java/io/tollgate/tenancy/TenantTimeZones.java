package io.tollgate.tenancy;

import java.time.ZoneId;

import io.tollgate.platform.TenantId;

/** The time zone an organisation keeps its calendar in (budget periods start at its midnight). */
public interface TenantTimeZones {

    /** Read within the caller's transaction, which must be bound to that tenant. */
    ZoneId of(TenantId tenant);
}
