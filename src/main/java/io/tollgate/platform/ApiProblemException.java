package io.tollgate.platform;

import java.net.URI;

/**
 * A refusal with its own stable problem type ({@code https://tollgate.io/problems/<slug>}), for the cases a client
 * must tell apart by machine (a stale lease, a reused idempotency key). The message is user-safe.
 */
public class ApiProblemException extends RuntimeException {

    private final int status;
    private final String slug;

    public ApiProblemException(int status, String slug, String message) {
        super(message);
        this.status = status;
        this.slug = slug;
    }

    public int status() {
        return status;
    }

    public URI type() {
        return ProblemTypes.named(slug);
    }
}
