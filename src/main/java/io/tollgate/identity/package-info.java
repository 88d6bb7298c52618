/**
 * Who acts inside a tenant besides its members: teams, projects and agents, team-scoped roles, and the credentials
 * the public API accepts (API keys, trusted JWT issuers).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "tenancy", "audit"})
package io.tollgate.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
