package io.tollgate.platform;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A request input that only the service can judge (a weak password, a spent sign-up code); user-safe message. One
 * exception may carry several problems, e.g. one per bad line of an imported file ({@code line} is 1-based).
 */
@ResponseStatus(HttpStatus.UNPROCESSABLE_CONTENT)
public class InvalidInputException extends RuntimeException {

    /** One problem: the field at fault, what is wrong, and for uploaded documents the line it is on. */
    public record Problem(String field, String message, @Nullable Integer line) {

        public Problem(String field, String message) {
            this(field, message, null);
        }
    }

    private final List<Problem> problems;
    private final boolean summarised;

    public InvalidInputException(String field, String message) {
        super(message);
        this.problems = List.of(new Problem(field, message));
        this.summarised = false;
    }

    /** Several problems under one summary ({@code detail} of the problem response). */
    public InvalidInputException(String summary, List<Problem> problems) {
        super(summary);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("at least one problem");
        }
        this.problems = List.copyOf(problems);
        this.summarised = true;
    }

    public String field() {
        return problems.getFirst().field();
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Whether the message is a summary of several problems rather than the one problem's own message. */
    public boolean summarised() {
        return summarised;
    }
}
