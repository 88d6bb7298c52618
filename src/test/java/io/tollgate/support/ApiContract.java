package io.tollgate.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * Checks real {@code /v1} responses against the OpenAPI document the running application publishes (ADR 0049):
 * the status must be documented for the operation, the content type must be the documented one, and the body must
 * match its schema (no field the schema does not name). The HTTP helpers of the test suite call it on every answer
 * from {@code /v1}, so the document and the wire cannot drift apart.
 */
public final class ApiContract {

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
        String path = request.uri().getPath();
        if (!path.startsWith("/v1/")) {
            return List.of();
        }
        SimpleResponse.Builder simple = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                simple.withHeader(name, values);
            }
        });
        if (!response.body().isEmpty()) {
            simple.withBody(response.body());
        }
        ValidationReport report = validatorFor(request.uri()).validateResponse(path,
                Request.Method.valueOf(request.method().toUpperCase(Locale.ROOT)), simple.build());
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
                    current = OpenApiInteractionValidator.createForInlineApiSpecification(document(anyCall))
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
