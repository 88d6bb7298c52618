package io.tollgate.tenancy;

/** A member's role inside one tenant. The complete permission matrix arrives with the identity module. */
public enum Role {
    OWNER, ADMIN, APPROVER, ANALYST, VIEWER;

    /** May change organisation settings and invite or remove members. */
    public boolean administers() {
        return this == OWNER || this == ADMIN;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
