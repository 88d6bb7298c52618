package io.tollgate.platform.internal;

import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.Components;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every {@code /v1} operation in the OpenAPI document lists the RFC 9457 problems it can answer (DESIGN §6), with
 * the shared {@code Problem} schema and an example, so clients see the error contract next to each endpoint.
 */
@Component
class ProblemResponsesCustomizer implements OpenApiCustomizer {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String BASE = "https://tollgate.io/problems/";

    private record Standard(String status, String type, String title, String detail) {
    }

    private static final Standard[] ALWAYS = {
        new Standard("401", "unauthenticated", "Unauthorized", "Sign in, or send an API key or JWT as a Bearer token."),
        new Standard("403", "forbidden", "Forbidden", "Your role does not allow this."),
        new Standard("429", "quota-exceeded", "Too Many Requests", "Over the quota; retry after Retry-After seconds."),
    };

    private static final Standard[] FOR_WRITES = {
        new Standard("409", "conflict", "Conflict", "This clashes with the current state; the detail says how."),
        new Standard("422", "validation-failed", "Unprocessable Content", "Some fields are invalid; see errors[]."),
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
                item.readOperationsMap().forEach((method, operation) -> describeProblems(path, method, operation));
            }
        });
    }

    private static void describeProblems(String path, PathItem.HttpMethod method, Operation operation) {
        for (Standard standard : ALWAYS) {
            add(operation, standard);
        }
        if (path.contains("{")) {
            add(operation, new Standard("404", "not-found", "Not Found",
                    "No such resource in your organisation (another organisation's ids answer the same)."));
        }
        if (method != PathItem.HttpMethod.GET) {
            for (Standard standard : FOR_WRITES) {
                add(operation, standard);
            }
        }
    }

    private static void add(Operation operation, Standard standard) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(standard.status())) {
            return;
        }
        Map<String, Object> example = Map.of("type", BASE + standard.type(), "title", standard.title(),
                "status", Integer.parseInt(standard.status()), "detail", standard.detail(),
                "instance", "/v1/…");
        operation.getResponses().addApiResponse(standard.status(), new ApiResponse()
                .description(standard.title() + " (problem type " + standard.type() + " or a more specific one)")
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/Problem")).example(example))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example(BASE + "validation-failed"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema()).addProperty("message", new StringSchema())));
    }
}
