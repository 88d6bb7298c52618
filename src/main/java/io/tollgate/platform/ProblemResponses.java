package io.tollgate.platform;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem+json body where no controller runs: security entry points, servlet filters, the error path. */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, int status, URI type,
                             String detail) throws IOException {
        write(request, response, status, type, detail, List.of());
    }

    /** As {@link #write(HttpServletRequest, HttpServletResponse, int, URI, String)}, with {@code errors[]}. */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, URI type,
                             String detail, List<FieldError> errors) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = original == null ? request.getRequestURI() : original.toString();
        Map<String, Object> body = body(status, type, detail, instance);
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        }
        JSON.writeValue(response.getOutputStream(), body);
    }

    /** One entry of {@code errors[]}: the field (as the API spells it) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public static Map<String, Object> body(int status, URI type, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.toString());
        HttpStatus known = HttpStatus.resolve(status);
        body.put("title", known == null ? "Error" : known.getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        return body;
    }
}
