package io.tollgate.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks real {@code /v1} responses against the OpenAPI document the running application publishes (ADR 0049):
 * the status must be documented for the operation, the content type must be the documented one, and the body must
 * match its schema (no field the schema does not name). The HTTP helpers of the test suite call it on every answer
 * from {@code /v1}, so the document and the wire cannot drift apart.
 */
public final class ApiContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static volatile OpenApiInteractionValidator validator;

    private ApiContract() {
    }

    /** Throws an {@link AssertionError} naming every difference between the response and the document. */
    public static void check(HttpRequest request, HttpResponse<String> response) {
        List<String> problems = problems(request, response);
        if (!problems.isEmpty()) {
            throw new AssertionError("The response of " + request.method() + " " + request.uri().getPath()
                    + " disagrees with /v3/api-docs:\n  " + String.join("\n  ", problems)
                    + "\nstatus " + response.statusCode() + ", body: " + response.body());
        }
    }

    /** What is wrong with the response per the document; empty when it conforms or is not a {@code /v1} call. */
    public static List<String> problems(HttpRequest request, HttpResponse<String> response) {
        return problems(request.method(), request.uri(), response.statusCode(), response.headers().map(),
                response.body());
    }

    /** As {@link #problems(HttpRequest, HttpResponse)}, for an answer described rather than received. */
    public static List<String> problems(String method, URI uri, int status, String contentType, String body) {
        return problems(method, uri, status, Map.of("Content-Type", List.of(contentType)), body);
    }

    private static List<String> problems(String method, URI uri, int status, Map<String, List<String>> headers,
                                         String body) {
        String path = uri.getPath();
        if (!path.startsWith("/v1/")) {
            return List.of();
        }
        SimpleResponse.Builder simple = SimpleResponse.Builder.status(status);
        headers.forEach((name, values) -> {
            if (!name.startsWith(":")) {
                simple.withHeader(name, values);
            }
        });
        if (!body.isEmpty()) {
            simple.withBody(body);
        }
        ValidationReport report = validatorFor(uri).validateResponse(path,
                Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), simple.build());
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(message -> message.getKey() + ": " + message.getMessage()
                        + message.getAdditionalInfo().stream().collect(Collectors.joining("; ", " (", ")")))
                .toList();
    }

    private static OpenApiInteractionValidator validatorFor(URI anyCall) {
        OpenApiInteractionValidator current = validator;
        if (current == null) {
            synchronized (ApiContract.class) {
                current = validator;
                if (current == null) {
                    current = OpenApiInteractionValidator.createForInlineApiSpecification(
                                    asOpenApi30(document(anyCall)))
                            .withLevelResolver(LevelResolver.create()
                                    // Calls to paths or methods the API does not have are other tests' business
                                    // (404/405 problems); everything the document describes is checked.
                                    .withLevel("validation.response.path.missing", ValidationReport.Level.IGNORE)
                                    .withLevel("validation.response.operation.notAllowed",
                                            ValidationReport.Level.IGNORE)
                                    .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                                    .withLevel("validation.request.operation.notAllowed",
                                            ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                    validator = current;
                }
            }
        }
        return current;
    }

    /**
     * The validator reads OpenAPI 3.0 schemas only (with 3.1 it silently skips every type check), so the published
     * 3.1 document is handed to it in 3.0 spelling: {@code "type": ["string", "null"]} becomes {@code "type":
     * "string", "nullable": true}. Nothing else the document uses differs between the two versions.
     */
    static String asOpenApi30(String document) {
        JsonNode tree = JSON.readTree(document);
        ((ObjectNode) tree).put("openapi", "3.0.3");
        downgrade(tree);
        return JSON.writeValueAsString(tree);
    }

    private static void downgrade(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type != null && type.isArray()) {
                List<String> types = new java.util.ArrayList<>();
                type.forEach(t -> types.add(t.asString()));
                types.remove("null");
                object.put("type", types.getFirst());
                object.put("nullable", true);
            }
            JsonNode anyOf = object.get("anyOf");
            if (anyOf != null && anyOf.isArray() && anyOf.size() == 2 && anyOf.get(1).path("type").asString("")
                    .equals("null")) {
                object.remove("anyOf");
                object.set("allOf", JSON.createArrayNode().add(anyOf.get(0)));
                object.put("nullable", true);
            }
            object.properties().forEach(entry -> downgrade(entry.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(ApiContract::downgrade);
        }
    }

    private static String document(URI anyCall) {
        URI docs = anyCall.resolve("/v3/api-docs");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(docs).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + docs + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
