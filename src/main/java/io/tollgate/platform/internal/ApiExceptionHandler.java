package io.tollgate.platform.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.platform.ApiProblemException;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.DatabaseOutage;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NoTenantException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.platform.PreconditionRequiredException;
import io.tollgate.platform.ProblemTypes;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of an API controller becomes RFC 9457 problem+json with a stable type URI. Details are written for
 * the caller; internals (stack traces, SQL, class names) only reach the log.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    record FieldProblem(String field, String message, @Nullable Integer line) {

        FieldProblem(String field, String message) {
            this(field, message, null);
        }
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e, WebRequest request) {
        return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage(), null, request);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException e, WebRequest request) {
        return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage(),
                List.of(new FieldProblem(e.field(), e.getMessage())), request);
    }

    @ExceptionHandler(ApiProblemException.class)
    ResponseEntity<Object> typed(ApiProblemException e, WebRequest request) {
        return problem(HttpStatus.valueOf(e.status()), e.type(), e.getMessage(), null, request);
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalid(InvalidInputException e, WebRequest request) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.VALIDATION_FAILED,
                e.summarised() ? e.getMessage() : "The request has invalid fields.", e.problems().stream()
                        .map(p -> new FieldProblem(p.field(), p.message(), p.line())).toList(), request);
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ResponseEntity<Object> stale(PreconditionFailedException e, WebRequest request) {
        return problem(HttpStatus.PRECONDITION_FAILED, ProblemTypes.PRECONDITION_FAILED, e.getMessage(), null,
                request);
    }

    @ExceptionHandler(PreconditionRequiredException.class)
    ResponseEntity<Object> unversioned(PreconditionRequiredException e, WebRequest request) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, ProblemTypes.PRECONDITION_REQUIRED, e.getMessage(), null,
                request);
    }

    @ExceptionHandler(NoTenantException.class)
    ResponseEntity<Object> noTenant(NoTenantException e, WebRequest request) {
        return problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, e.getMessage(), null, request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> denied(AccessDeniedException e, WebRequest request) {
        return problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN,
                "Your role does not allow this action.", null, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "A parameter has the wrong format.",
                List.of(new FieldProblem(e.getName(), "Has the wrong format.")), request);
    }

    /** {@code @Min}/{@code @Max} on the parameters of a {@code @Validated} controller (e.g. {@code ?limit=}). */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolated(ConstraintViolationException e, WebRequest request) {
        List<FieldProblem> errors = e.getConstraintViolations().stream()
                .map(violation -> new FieldProblem(lastNode(violation), violation.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldProblem::field))
                .toList();
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.VALIDATION_FAILED,
                "The request has invalid parameters.", errors, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        if (DatabaseOutage.isOutage(e)) {
            log.warn("Database unreachable answering {}: {}", describe(request), e.toString());
            ResponseEntity<Object> answer = problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                    DatabaseOutage.DETAIL, null, request);
            return ResponseEntity.status(answer.getStatusCode())
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS))
                    .body(answer.getBody());
        }
        log.error("Unexpected error answering {}", describe(request), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
                "Something went wrong on our side. Quote the request id when you contact support.", null, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), message(error)))
                .toList();
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.VALIDATION_FAILED,
                "The request has invalid fields.", errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> new FieldProblem(
                        result.getMethodParameter().getParameterName(), String.valueOf(error.getDefaultMessage()))))
                .toList();
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.VALIDATION_FAILED,
                "The request has invalid parameters.", errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (org.springframework.core.NestedExceptionUtils.getRootCause(e) instanceof ApiBodySizeLimitFilter.BodyTooLargeException) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "The request body is too large.", null, request);
        }
        FieldProblem refused = JsonInputProblems.fieldProblem(e);
        if (refused != null) {
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.VALIDATION_FAILED,
                    "The request has invalid fields.", List.of(refused), request);
        }
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
                "The request body is not valid JSON for this operation.", null, request);
    }

    /** Everything ResponseEntityExceptionHandler knows (405, 415, 406, missing parameters …) gets our shape. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail detail = body instanceof ProblemDetail given ? given
                : ProblemDetail.forStatusAndDetail(status, "The request could not be processed.");
        detail.setType(ProblemTypes.forStatus(status.value()));
        detail.setInstance(URI.create(path(request)));
        return ResponseEntity.status(status).headers(headers).body(detail);
    }

    private ResponseEntity<Object> problem(HttpStatus status, URI type, @Nullable String detailText,
                                           @Nullable List<FieldProblem> errors, WebRequest request) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, detailText);
        detail.setType(type);
        detail.setInstance(URI.create(path(request)));
        if (errors != null) {
            detail.setProperty("errors", errors.stream().map(ApiExceptionHandler::error).toList());
        }
        return ResponseEntity.status(status).body(detail);
    }

    private static Map<String, Object> error(FieldProblem problem) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", snakeCase(problem.field()));
        error.put("message", problem.message());
        if (problem.line() != null) {
            error.put("line", problem.line());
        }
        return error;
    }

    /** Field names as the JSON spells them (the API is snake_case; Java properties are camelCase). */
    static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String lastNode(ConstraintViolation<?> violation) {
        String name = "";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        return name;
    }

    private static String message(FieldError error) {
        return error.getDefaultMessage() == null ? "Is not valid." : error.getDefaultMessage();
    }

    private static String path(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "/";
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI() : "request";
    }
}
