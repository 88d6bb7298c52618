package io.tollgate.platform;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A request input that only the service can judge (a weak password, a spent sign-up code); user-safe message. */
@ResponseStatus(HttpStatus.UNPROCESSABLE_CONTENT)
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
