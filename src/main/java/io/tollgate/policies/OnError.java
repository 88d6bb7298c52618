package io.tollgate.policies;

/** What a rule whose condition fails at run time does: deny the request (the default) or be skipped. */
public enum OnError {
    DENY, SKIP
}
