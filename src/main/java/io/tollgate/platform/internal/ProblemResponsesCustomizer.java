package io.tollgate.platform.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Every {@code /v1} operation in the OpenAPI document lists the RFC 9457 problems it can answer (DESIGN §6) as
 * {@code application/problem+json} with the shared {@code Problem} schema and an example, and names the bearer
 * credentials it takes, so clients see the error and authentication contract next to each endpoint (ADR 0049).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemResponsesCustomizer implements OpenApiCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String BASE = "https://tollgate.io/problems/";

    private record Standard(String status, String type, String title, String detail) {
    }

    private static final Standard[] ALWAYS = {
        new Standard("400", "malformed-request", "Bad Request",
                "The request could not be read: JSON that does not parse, or a parameter of the wrong type."),
        new Standard("401", "unauthenticated", "Unauthorized", "Send an API key or JWT as a Bearer token."),
        new Standard("403", "forbidden", "Forbidden", "Your role or the credential's scopes do not allow this."),
        new Standard("429", "quota-exceeded", "Too Many Requests", "Over the quota; retry after Retry-After seconds."),
        new Standard("503", "service-unavailable", "Service Unavailable",
                "The database could not be reached; nothing was changed. Retry after Retry-After seconds."),
    };

    private static final Standard[] FOR_WRITES = {
        new Standard("409", "conflict", "Conflict", "This clashes with the current state; the detail says how."),
        new Standard("422", "validation-failed", "Unprocessable Content", "Some fields are invalid; see errors[]."),
    };

    private static final Standard[] FOR_BODIES = {
        new Standard("413", "payload-too-large", "Content Too Large", "The body is larger than the API accepts."),
        new Standard("415", "unsupported-media-type", "Unsupported Media Type",
                "Send the body with the Content-Type this operation documents."),
    };

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        components.addSchemas("Problem", problemSchema());
        openApi.setComponents(components);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                item.readOperationsMap().forEach((method, operation) -> describe(path, method, operation));
            }
        });
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            operation.setSecurity(List.of(
                    new SecurityRequirement().addList(OpenApiDocumentConfiguration.API_KEY_SCHEME),
                    new SecurityRequirement().addList(OpenApiDocumentConfiguration.JWT_SCHEME)));
        }
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                asProblem(status, response);
            }
        });
        for (Standard standard : ALWAYS) {
            add(operation, standard);
        }
        // Also for ids in a body or filter: a team, agent or usage line that is not in the caller's organisation.
        add(operation, new Standard("404", "not-found", "Not Found",
                "No such resource in your organisation (another organisation's ids answer the same)."));
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (method != PathItem.HttpMethod.GET) {
            for (Standard standard : FOR_WRITES) {
                add(operation, standard);
            }
        } else if (hasParameters) {
            add(operation, FOR_WRITES[1]);
        }
        if (hasParameters && operation.getParameters().stream()
                .anyMatch(p -> "header".equals(p.getIn()) && "If-Match".equalsIgnoreCase(p.getName()))) {
            add(operation, new Standard("412", "precondition-failed", "Precondition Failed",
                    "The resource changed since you read it; read it again and retry with its ETag."));
        }
        if (operation.getRequestBody() != null) {
            for (Standard standard : FOR_BODIES) {
                add(operation, standard);
            }
        }
    }

    /** A problem declared in a controller's annotations keeps its words but gets the problem media type. */
    private static void asProblem(String status, ApiResponse response) {
        Object example = null;
        if (response.getContent() != null) {
            for (MediaType media : response.getContent().values()) {
                if (media.getExample() != null) {
                    example = media.getExample();
                }
            }
        }
        if (example == null) {
            example = example(status, slugFor(status), response.getDescription());
        }
        response.setContent(problemContent(example));
        if ("429".equals(status) || "503".equals(status)) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                    .schema(new IntegerSchema()));
        }
    }

    private static String slugFor(String status) {
        return switch (status) {
            case "400" -> "malformed-request";
            case "401" -> "unauthenticated";
            case "403" -> "forbidden";
            case "404" -> "not-found";
            case "409" -> "conflict";
            case "412" -> "precondition-failed";
            case "413" -> "payload-too-large";
            case "415" -> "unsupported-media-type";
            case "422" -> "validation-failed";
            case "428" -> "precondition-required";
            case "429" -> "quota-exceeded";
            case "503" -> "service-unavailable";
            default -> "internal-error";
        };
    }

    private static void add(Operation operation, Standard standard) {
        if (operation.getResponses().containsKey(standard.status())) {
            return;
        }
        ApiResponse response = new ApiResponse()
                .description(standard.title() + " (problem type " + standard.type() + " or a more specific one)")
                .content(problemContent(example(standard.status(), standard.type(), standard.detail())));
        if ("429".equals(standard.status()) || "503".equals(standard.status())) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                    .schema(new IntegerSchema()));
        }
        operation.getResponses().addApiResponse(standard.status(), response);
    }

    private static Map<String, Object> example(String status, String type, String detail) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", BASE + type);
        example.put("title", org.springframework.http.HttpStatus.valueOf(Integer.parseInt(status)).getReasonPhrase());
        example.put("status", Integer.parseInt(status));
        example.put("detail", detail);
        example.put("instance", "/v1/budgets/bud_01933b2a4c7e7f0a8d2b6c1e5f4a3b2c");
        if ("422".equals(status)) {
            example.put("errors", List.of(Map.of("field", "limit_usd",
                    "message", "Use a plain decimal number with at most 9 decimals.")));
        }
        return example;
    }

    private static Content problemContent(Object example) {
        return new Content().addMediaType(PROBLEM_JSON, new MediaType()
                .schema(new Schema<>().$ref(PROBLEM_REF)).example(example));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").description("Stable URI naming the problem")
                        .example(BASE + "validation-failed"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().description("One entry per field at fault")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema().description("The field at fault, as the API spells it"))
                                .addProperty("message", new StringSchema())
                                .addProperty("line", new IntegerSchema()
                                        .description("For an uploaded document: the line the problem is on"))))
                .required(List.of("type", "title", "status"));
    }
}
