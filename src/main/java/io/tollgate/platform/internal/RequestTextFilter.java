package io.tollgate.platform.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.tollgate.platform.ControlCharacters;
import io.tollgate.platform.IdempotentRequests;
import io.tollgate.platform.ProblemResponses;
import io.tollgate.platform.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Refuses control characters in the path, query parameters and form fields of every request (ADR 0043), and a
 * repeated {@code Idempotency-Key}: {@code /v1} and webhooks get a 422 problem naming the parameter, people get the
 * console's error page. JSON bodies are checked by the mapper (StrictJsonConfiguration). Runs after Spring Security,
 * so an answer carries the security headers and a caller must be authenticated to learn anything from it.
 */
class RequestTextFilter extends OncePerRequestFilter {

    /** Read by TollgateErrorController to explain a console refusal. */
    static final String REFUSAL_ATTRIBUTE = RequestTextFilter.class.getName() + ".refusal";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<ProblemResponses.FieldError> problems = problems(request);
        if (problems.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (isApi(request)) {
            ProblemResponses.write(request, response, 422, ProblemTypes.VALIDATION_FAILED,
                    "The request has invalid parameters.", problems);
            return;
        }
        ProblemResponses.FieldError first = problems.getFirst();
        request.setAttribute(REFUSAL_ATTRIBUTE, "The field “" + first.field() + "” contains a character that cannot"
                + " be used (a control character such as NUL). Go back, remove it and try again.");
        response.sendError(422);
    }

    private static List<ProblemResponses.FieldError> problems(HttpServletRequest request) {
        List<ProblemResponses.FieldError> problems = new ArrayList<>();
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        int refused = ControlCharacters.firstRefusedInLine(path);
        if (refused >= 0) {
            problems.add(new ProblemResponses.FieldError("path", ControlCharacters.problem(path, refused)));
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            if (ControlCharacters.firstRefusedInLine(name) >= 0) {
                problems.add(new ProblemResponses.FieldError("query", "A parameter name contains a control"
                        + " character; remove it."));
                continue;
            }
            for (String value : parameter.getValue()) {
                int at = isApi(request) ? ControlCharacters.firstRefusedInLine(value)
                        : ControlCharacters.firstRefusedInText(value);
                if (at >= 0) {
                    problems.add(new ProblemResponses.FieldError(name, ControlCharacters.problem(value, at)));
                    break;
                }
            }
        }
        if (isApi(request) && Collections.list(request.getHeaders(IdempotentRequests.HEADER)).size() > 1) {
            problems.add(new ProblemResponses.FieldError("idempotency-key",
                    "Send one Idempotency-Key header, not several."));
        }
        return problems;
    }

    private static boolean isApi(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.startsWith("/v1/") || uri.equals("/v1") || uri.startsWith("/webhooks/");
    }
}
