package io.tollgate.tenancy.internal;

import java.time.ZoneId;

import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantConfigCache;
import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.TenantTimeZones;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

@Component
class TenantTimeZoneLookup implements TenantTimeZones {

    private final JdbcTemplate jdbc;
    /** Per tenant configuration version, which a change of the time zone bumps (ADR 0054). */
    private final TenantConfigCache<TenantId, ZoneId> zones = new TenantConfigCache<>(100_000);

    TenantTimeZoneLookup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ZoneId of(TenantId tenant) {
        return zones.get(tenant, tenant, () -> jdbc.query("SELECT time_zone FROM tenants WHERE id = ?",
                (rs, i) -> ZoneId.of(rs.getString(1)), tenant.value()).stream().findFirst()
                .orElseThrow(() -> NotFoundException.of("organization")));
    }
}
