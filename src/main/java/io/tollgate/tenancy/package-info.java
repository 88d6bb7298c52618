/**
 * Tenants (organisations), people's accounts, their memberships and roles, invitations and sign-up: who may act
 * inside which tenant.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "audit"})
package io.tollgate.tenancy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
