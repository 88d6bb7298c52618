package io.tollgate.platform.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tollgate.platform.ProblemResponses;
import io.tollgate.platform.ProblemTypes;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replaces Tomcat's HTML error report for what Tomcat refuses before the application sees it (a malformed or
 * oversized request line or header, bad percent-encoding, an encoded NUL in the path): problem+json under
 * {@code /v1} and {@code /webhooks}, a plain page in the console's style elsewhere, with the same security
 * headers and {@code X-Request-Id} as every other response (ADR 0044). Answers the application wrote itself
 * are left alone.
 */
class TollgateErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            ErrorResponseHeaders.applyTo(request, response);
            String path = rawPath(request);
            Writer writer = response.getReporter();
            if (writer == null) {
                return;
            }
            if (isApi(path)) {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                writer.write(JSON.writeValueAsString(ProblemResponses.body(status, ProblemTypes.forStatus(status),
                        detail(status), "/v1")));
            } else {
                response.setContentType(MediaType.TEXT_HTML_VALUE);
                response.setCharacterEncoding("UTF-8");
                writer.write(page(status, response.getHeader(RequestCorrelationFilter.HEADER)));
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away, or the response cannot take a body: nothing more to say.
        }
    }

    /** The path as it arrived, before decoding (which may be what failed); empty when the request line was bad. */
    private static String rawPath(Request request) {
        String uri = request.getCoyoteRequest().requestURI().toString();
        return uri == null ? "" : uri;
    }

    private static boolean isApi(String path) {
        return path.equals("/v1") || path.startsWith("/v1/") || path.startsWith("/webhooks/");
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed: check the URL (no braces, valid percent-encoding, no control"
                    + " characters) and that the URL and headers are not too large.";
            case 404 -> "There is no resource at this path.";
            default -> status >= 500 ? "Something went wrong on our side. Quote the request id when you contact"
                    + " support." : "The request could not be processed.";
        };
    }

    private static String page(int status, String requestId) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%2$s · Tollgate</title><link rel="stylesheet" href="/css/console.css"></head>
                <body class="public"><main id="content" class="public-main"><div class="card public-card">
                <div class="stack error-page"><p class="eyebrow">Error %1$d</p><h1>%2$s</h1>
                <p>That address or request could not be read. Check the link and try again.</p>
                <p>Request id: <code>%3$s</code></p>
                <p><a class="btn btn-primary" href="/app">Back to the console</a></p></div></div></main></body>
                </html>
                """.formatted(status, title, requestId);
    }
}
