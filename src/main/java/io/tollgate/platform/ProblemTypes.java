package io.tollgate.platform;

import java.net.URI;

/** Stable {@code type} URIs of the API's problem details (RFC 9457); documented in docs/api/README.md. */
public final class ProblemTypes {

    private static final String BASE = "https://tollgate.io/problems/";

    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI METHOD_NOT_ALLOWED = URI.create(BASE + "method-not-allowed");
    public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");
    public static final URI URI_TOO_LONG = URI.create(BASE + "uri-too-long");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = URI.create(BASE + "not-acceptable");
    public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");
    public static final URI VALIDATION_FAILED = URI.create(BASE + "validation-failed");
    public static final URI CONFLICT = URI.create(BASE + "conflict");
    public static final URI PRECONDITION_FAILED = URI.create(BASE + "precondition-failed");
    public static final URI PRECONDITION_REQUIRED = URI.create(BASE + "precondition-required");
    public static final URI UNAUTHENTICATED = URI.create(BASE + "unauthenticated");
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    public static final URI QUOTA_EXCEEDED = URI.create(BASE + "quota-exceeded");
    public static final URI INTERNAL_ERROR = URI.create(BASE + "internal-error");
    /** The database could not be reached; retry after {@code Retry-After} seconds (ADR 0046). */
    public static final URI SERVICE_UNAVAILABLE = URI.create(BASE + "service-unavailable");

    private ProblemTypes() {
    }

    /** The type of a module-specific problem, e.g. {@code stale-lease}. */
    public static URI named(String slug) {
        return URI.create(BASE + slug);
    }

    /** The type for a bare HTTP status, when nothing more specific is known. */
    public static URI forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> VALIDATION_FAILED;
            case 428 -> PRECONDITION_REQUIRED;
            case 429 -> QUOTA_EXCEEDED;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : URI.create(BASE + "http-" + status);
        };
    }
}
