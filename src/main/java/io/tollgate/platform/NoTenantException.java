package io.tollgate.platform;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Work that needs a tenant ran without one: the caller belongs to no (or no longer to the chosen) organisation. */
@ResponseStatus(HttpStatus.FORBIDDEN)
public class NoTenantException extends RuntimeException {

    public NoTenantException() {
        super("No organisation is selected for this session. Choose one in the console.");
    }
}
