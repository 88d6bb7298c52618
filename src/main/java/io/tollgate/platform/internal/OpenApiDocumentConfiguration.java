package io.tollgate.platform.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.core.converter.ModelConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.context.annotation.Configuration;

/**
 * The head of the {@code /v1} OpenAPI document: what it is, where it lives, and the two bearer credentials it takes
 * (ADR 0023, 0049). Schemas are named the way the wire's mapper names them (snake_case, application.yaml), so a
 * generated client sends {@code scope_type}, not {@code scopeType}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocumentConfiguration {

    static final String API_KEY_SCHEME = "ApiKey";
    static final String JWT_SCHEME = "Jwt";

    /**
     * swagger-core reads models with its own (Jackson 2) mapper, which knows nothing of {@code
     * spring.jackson.json.read/write} settings; this one is told the wire's naming strategy.
     */
    /** Registered after the resolver, so it runs first in swagger-core's chain and sees each resolved record. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    ModelConverter nullableFieldsModelConverter() {
        return new NullableFieldsModelConverter();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ModelResolver snakeCaseModelResolver() {
        ObjectMapper mapper = Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        return new ModelResolver(mapper).openapi31(true);
    }

    @Bean
    OpenAPI tollgateOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tollgate API").version("v1")
                        .description("""
                                Spend control for AI agents: budgets, reservations against them, usage, \
                                adjustments and disputes, prices, and the organisation around them.

                                JSON with snake_case fields, ISO-8601 UTC times, money as decimal USD strings \
                                (at most 9 decimals) and opaque ids with a type prefix (`rsv_…`, `bud_…`). Errors are \
                                RFC 9457 `application/problem+json`. Money-moving POSTs accept an `Idempotency-Key`. \
                                Lists are cursor-paginated (`limit`, `cursor`, `next_cursor`).

                                Agents authenticate with an API key (`Authorization: Bearer tg_live_…`) or a JWT of an \
                                issuer the organisation trusts. The console's own calls use its session and CSRF token.""")
                        .license(new License().name("Proprietary").url("https://tollgate.io/terms")))
                .addServersItem(new Server().url("/").description("This Tollgate"))
                .components(new Components()
                        .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("tg_live_<public id>_<secret>")
                                .description("A Tollgate API key issued to an agent (POST /v1/api-keys)."))
                        .addSecuritySchemes(JWT_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("A JWT from an issuer the organisation trusts (POST /v1/trusted-issuers),"
                                        + " signed with a key from its JWKS.")));
    }
}
