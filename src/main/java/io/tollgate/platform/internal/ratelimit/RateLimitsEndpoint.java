package io.tollgate.platform.internal.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.platform.EndpointClass;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantTransactions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Operators set a tenant's plan and per-class overrides on the management port:
 * {@code GET|POST|DELETE /actuator/ratelimits/{tenantId}}; {@code overrides} is JSON such as
 * {@code {"decision":{"credential":["500/1s","20000/1m"]}}}.
 */
@Endpoint(id = "ratelimits")
class RateLimitsEndpoint {

    private static final Logger log = LoggerFactory.getLogger(RateLimitsEndpoint.class);

    private final TenantQuotas tenantQuotas;
    private final TenantTransactions transactions;
    private final JdbcTemplate jdbc;
    private final RateLimitProperties properties;

    RateLimitsEndpoint(TenantQuotas tenantQuotas, TenantTransactions transactions, JdbcTemplate jdbc,
                       RateLimitProperties properties) {
        this.tenantQuotas = tenantQuotas;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @ReadOperation
    Map<String, Object> settings(@Selector String tenantId) {
        TenantId tenant = tenant(tenantId);
        TenantQuotas.Settings settings = tenantQuotas.settings(tenant)
                .orElse(new TenantQuotas.Settings(properties.defaultPlan(), Map.of()));
        return view(tenant, settings);
    }

    /** Answers 422 with {@code field} and {@code detail} when the plan, the overrides or the tenant are wrong. */
    @WriteOperation
    WebEndpointResponse<Map<String, Object>> update(@Selector String tenantId, String plan,
                                                    @Nullable String overrides) {
        try {
            return new WebEndpointResponse<>(store(tenant(tenantId), plan, overrides));
        } catch (InvalidInputException e) {
            return new WebEndpointResponse<>(Map.of("field", e.field(), "detail", e.getMessage()), 422);
        }
    }

    private Map<String, Object> store(TenantId tenant, String plan, @Nullable String overrides) {
        Map<String, Map<String, List<String>>> parsed;
        try {
            parsed = overrides == null || overrides.isBlank() ? Map.of()
                    : TenantQuotas.JSON.readValue(overrides, TenantQuotas.OVERRIDES);
        } catch (RuntimeException e) {
            throw new InvalidInputException("overrides",
                    "Give JSON like {\"decision\":{\"credential\":[\"500/1s\"]}}.");
        }
        TenantQuotas.Settings settings = new TenantQuotas.Settings(plan, parsed);
        try {
            tenantQuotas.resolve(settings);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage().startsWith("Unknown plan") ? "plan" : "overrides",
                    e.getMessage());
        }
        String json = TenantQuotas.JSON.writeValueAsString(parsed);
        try {
            transactions.runAsTenant(tenant, () -> jdbc.update("""
                    INSERT INTO tenant_rate_limits (tenant_id, plan, overrides, updated_at)
                    VALUES (?, ?, ?::jsonb, now())
                    ON CONFLICT (tenant_id) DO UPDATE
                    SET plan = excluded.plan, overrides = excluded.overrides, updated_at = now()""",
                    tenant.value(), plan, json));
        } catch (DataIntegrityViolationException e) {
            throw new InvalidInputException("tenantId", "No such tenant.");
        }
        tenantQuotas.forget(tenant);
        log.info("Operator set the rate limits of tenant {}: plan {}, overrides {}", tenant, plan, json);
        return view(tenant, settings);
    }

    @DeleteOperation
    void reset(@Selector String tenantId) {
        TenantId tenant = tenant(tenantId);
        transactions.runAsTenant(tenant, () -> jdbc.update("DELETE FROM tenant_rate_limits WHERE tenant_id = ?",
                tenant.value()));
        tenantQuotas.forget(tenant);
        log.info("Operator reset the rate limits of tenant {} to the default plan", tenant);
    }

    private Map<String, Object> view(TenantId tenant, TenantQuotas.Settings settings) {
        TenantQuotas.Resolved resolved = tenantQuotas.resolve(settings);
        Map<String, Object> effective = new LinkedHashMap<>();
        for (EndpointClass endpointClass : EndpointClass.values()) {
            if (endpointClass == EndpointClass.SIGN_IN) {
                continue;
            }
            effective.put(endpointClass.label(), Map.of(
                    "credential", resolved.credential().getOrDefault(endpointClass, List.of()).stream()
                            .map(Quota::toString).toList(),
                    "tenant", resolved.tenant().getOrDefault(endpointClass, List.of()).stream()
                            .map(Quota::toString).toList()));
        }
        return Map.of("tenant_id", tenant.toString(), "plan", settings.plan(), "overrides", settings.overrides(),
                "effective", effective);
    }

    private static TenantId tenant(String id) {
        try {
            return TenantId.of(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("tenantId", "Give the tenant's id (a UUID).");
        }
    }
}
