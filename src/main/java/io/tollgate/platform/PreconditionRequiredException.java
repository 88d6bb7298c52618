package io.tollgate.platform;

/** A write that must name the version it changes (If-Match) came without it: 428. */
public class PreconditionRequiredException extends RuntimeException {

    public PreconditionRequiredException(String message) {
        super(message);
    }
}
