package io.tollgate.platform;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A resource that does not exist for the caller. Also thrown for another tenant's resources, so that existence
 * never leaks across tenants. The message is user-safe.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }

    public static NotFoundException of(String what) {
        return new NotFoundException("No such " + what + ".");
    }
}
