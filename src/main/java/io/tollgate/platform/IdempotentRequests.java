package io.tollgate.platform;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;

/**
 * DESIGN §6 idempotency for money-moving POSTs. The work runs in one transaction together with the record of its
 * answer, so an effect exists if and only if its record does (a crash loses neither alone). Keys are scoped to the
 * tenant and the calling credential. Same key and same request → the first 2xx answer again (header
 * {@code Idempotent-Replayed: true}); another request under the key → 422 {@code idempotency-key-reused}; the first
 * still running → 409 {@code idempotency-key-in-flight}. Failed requests leave no record and may be retried.
 */
public interface IdempotentRequests {

    String HEADER = "Idempotency-Key";

    /**
     * @param operation what is asked, e.g. {@code "POST /v1/reservations"} (part of the request's fingerprint)
     * @param request   the parsed request body (its JSON form is the other part), or null for a body-less POST
     */
    ResponseEntity<?> run(String operation, @Nullable String key, @Nullable Object request,
                          Supplier<ResponseEntity<?>> work);
}
