package io.tollgate.platform;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A request that clashes with the current state (a taken slug, a used invitation). The message is user-safe. */
@ResponseStatus(HttpStatus.CONFLICT)
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input field the conflict is about, for forms and {@code errors[]}. */
    public String field() {
        return field;
    }
}
