package io.tollgate.tenancy.internal;

import java.time.ZoneId;
import java.util.Map;

import io.tollgate.platform.Actor;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.internal.Views.IssuedInvitation;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operators' commands on the management port (basic auth as the ops user): create an organisation with a
 * single-use owner invitation, and issue sign-up codes for invite-only mode.
 */
@Configuration(proxyBeanMethods = false)
class OperatorEndpoints {

    @Bean
    TenantsEndpoint tenantsEndpoint(OrganizationSignup signup, InvitationService invitations,
                                    @Value("${tollgate.public-url:http://localhost:${server.port:8080}}") String publicUrl) {
        return new TenantsEndpoint(signup, invitations, publicUrl);
    }

    @Bean
    SignupCodesEndpoint signupCodesEndpoint(OrganizationSignup signup) {
        return new SignupCodesEndpoint(signup);
    }

    @Endpoint(id = "tenants")
    static class TenantsEndpoint {

        private final OrganizationSignup signup;
        private final InvitationService invitations;
        private final String publicUrl;

        TenantsEndpoint(OrganizationSignup signup, InvitationService invitations, String publicUrl) {
            this.signup = signup;
            this.invitations = invitations;
            this.publicUrl = publicUrl;
        }

        @WriteOperation
        Map<String, Object> create(String name, String slug, String ownerEmail, @Nullable String timeZone) {
            String zone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
            if (name.isBlank() || name.length() > 100) {
                throw new InvalidInputException("name", "Use 1–100 characters.");
            }
            if (!slug.matches(OrganizationSignup.SLUG_PATTERN)) {
                throw new InvalidInputException("slug", "Use 3–40 lower-case letters, digits and dashes.");
            }
            if (!ownerEmail.contains("@") || ownerEmail.length() > 254) {
                throw new InvalidInputException("ownerEmail", "Enter a valid e-mail address.");
            }
            if (!ZoneId.getAvailableZoneIds().contains(zone)) {
                throw new InvalidInputException("timeZone", "Unknown time zone.");
            }
            return TenantScope.call(new TenantScope.Binding(null, null, Actor.OPERATOR), () -> {
                TenantId tenant = signup.createByOperator(name, slug, zone);
                IssuedInvitation owner = invitations.inviteOwnerOfNewTenant(tenant, ownerEmail, publicUrl);
                return Map.<String, Object>of("tenant_id", tenant.toString(), "slug", slug,
                        "owner_invitation_link", owner.link());
            });
        }
    }

    @Endpoint(id = "signupcodes")
    static class SignupCodesEndpoint {

        private final OrganizationSignup signup;

        SignupCodesEndpoint(OrganizationSignup signup) {
            this.signup = signup;
        }

        @WriteOperation
        Map<String, Object> issue(@Nullable String note) {
            return Map.of("code", TenantScope.call(new TenantScope.Binding(null, null, Actor.OPERATOR),
                    () -> signup.issueSignupCode(note)));
        }
    }
}
