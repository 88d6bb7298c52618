package io.tollgate.identity;

/**
 * A role a member holds on one team, on top of their tenant-wide {@link io.tollgate.tenancy.Role}: a TEAM_ADMIN
 * manages that team's projects, agents and keys; an APPROVER decides that team's approval requests.
 */
public enum TeamRole {
    TEAM_ADMIN, APPROVER
}
