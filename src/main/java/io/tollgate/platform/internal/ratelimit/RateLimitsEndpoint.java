package io.tollgate.platform.internal.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.platform.EndpointClass;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PrefixedId;
import io.tollgate.platform.ProblemResponses;
import io.tollgate.platform.ProblemTypes;
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
import org.springframework.util.MimeType;

/**
 * Operators set a tenant's plan and per-class overrides on the management port:
 * {@code GET|POST|DELETE /actuator/ratelimits/{id}} with the organisation's API id ({@code org_…}; a bare UUID is
 * still accepted); {@code overrides} is JSON such as {@code {"decision":{"credential":["500/1s","20000/1m"]}}}.
 * Refusals are RFC 9457 problems, as on {@code /v1}.
 */
@Endpoint(id = "ratelimits")
class RateLimitsEndpoint {

    private static final Logger log = LoggerFactory.getLogger(RateLimitsEndpoint.class);
    private static final String PATH = "/actuator/ratelimits/";
    private static final MimeType PROBLEM_JSON = MimeType.valueOf("application/problem+json");

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
    WebEndpointResponse<Map<String, Object>> settings(@Selector String tenantId) {
        TenantId tenant;
        try {
            tenant = tenant(tenantId);
        } catch (NotFoundException e) {
            return notFound(tenantId);
        }
        TenantQuotas.Settings settings = tenantQuotas.settings(tenant)
                .orElse(new TenantQuotas.Settings(properties.defaultPlan(), Map.of()));
        return new WebEndpointResponse<>(view(tenant, settings));
    }

    /** Answers a 422 problem naming the field when the plan, the overrides or the tenant are wrong. */
    @WriteOperation
    WebEndpointResponse<Map<String, Object>> update(@Selector String tenantId, String plan,
                                                    @Nullable String overrides) {
        TenantId tenant;
        try {
            tenant = tenant(tenantId);
        } catch (NotFoundException e) {
            return notFound(tenantId);
        }
        try {
            return new WebEndpointResponse<>(store(tenant, plan, overrides));
        } catch (InvalidInputException e) {
            Map<String, Object> problem = ProblemResponses.body(422, ProblemTypes.VALIDATION_FAILED, e.getMessage(),
                    PATH + tenantId);
            problem.put("errors", e.problems().stream()
                    .map(p -> Map.of("field", p.field(), "message", p.message())).toList());
            return new WebEndpointResponse<>(problem, 422, PROBLEM_JSON);
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
            throw new InvalidInputException("id", "No organisation has this id.");
        }
        tenantQuotas.forget(tenant);
        log.info("Operator set the rate limits of tenant {}: plan {}, overrides {}", tenant, plan, json);
        return view(tenant, settings);
    }

    @DeleteOperation
    WebEndpointResponse<Map<String, Object>> reset(@Selector String tenantId) {
        TenantId tenant;
        try {
            tenant = tenant(tenantId);
        } catch (NotFoundException e) {
            return notFound(tenantId);
        }
        transactions.runAsTenant(tenant, () -> jdbc.update("DELETE FROM tenant_rate_limits WHERE tenant_id = ?",
                tenant.value()));
        tenantQuotas.forget(tenant);
        log.info("Operator reset the rate limits of tenant {} to the default plan", tenant);
        return new WebEndpointResponse<>(204);
    }

    private static WebEndpointResponse<Map<String, Object>> notFound(String tenantId) {
        return new WebEndpointResponse<>(ProblemResponses.body(404, ProblemTypes.NOT_FOUND,
                "No organisation has this id; use its id as the API shows it (org_…).", PATH + tenantId), 404,
                PROBLEM_JSON);
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
        return Map.of("tenant_id", PrefixedId.format("org", tenant.value()), "plan", settings.plan(),
                "overrides", settings.overrides(), "effective", effective);
    }

    /** The organisation's API id ({@code org_…}), or the bare UUID operators used before. */
    private static TenantId tenant(String id) {
        if (id.startsWith("org_")) {
            return new TenantId(PrefixedId.parse("org", id, "organisation"));
        }
        try {
            return TenantId.of(id);
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("organisation");
        }
    }
}
