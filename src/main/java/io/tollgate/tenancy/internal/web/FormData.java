package io.tollgate.tenancy.internal.web;

import io.tollgate.platform.TimeZoneId;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.OrganizationSignup;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The console's form backing objects: validated here, converted to service parameters, never entities. */
final class FormData {

    static final String SLUG_PATTERN = OrganizationSignup.SLUG_PATTERN;
    static final String SLUG_MESSAGE = "Use 3–40 lower-case letters, digits and dashes, not starting or ending with a dash.";

    private FormData() {
    }

    static class NewOrganizationFormData {
        @NotBlank(message = "Name your organisation.") @Size(max = 100, message = "Use at most 100 characters.")
        private String organizationName = "";
        @NotBlank(message = "Choose an address.") @Pattern(regexp = SLUG_PATTERN, message = SLUG_MESSAGE)
        private String slug = "";
        @NotBlank(message = "Choose a time zone.") @TimeZoneId
        private String timeZone = "UTC";
        private String signupCode = "";

        public String getOrganizationName() { return organizationName; }
        public void setOrganizationName(String value) { organizationName = value; }
        public String getSlug() { return slug; }
        public void setSlug(String value) { slug = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT); }
        public String getTimeZone() { return timeZone; }
        public void setTimeZone(String value) { timeZone = value; }
        public String getSignupCode() { return signupCode; }
        public void setSignupCode(String value) { signupCode = value; }
    }

    /** Sign-up: a new organisation plus its owner's new account. */
    static class SignUpFormData extends NewOrganizationFormData {
        @NotBlank(message = "Tell us your name.") @Size(max = 100, message = "Use at most 100 characters.")
        private String displayName = "";
        @NotBlank(message = "Enter your e-mail address.") @Email(message = "Enter a valid e-mail address.")
        @Size(max = 254, message = "Use at most 254 characters.")
        private String email = "";
        @NotBlank(message = "Choose a password.")
        private String password = "";

        public String getDisplayName() { return displayName; }
        public void setDisplayName(String value) { displayName = value; }
        public String getEmail() { return email; }
        public void setEmail(String value) { email = value == null ? "" : value.trim(); }
        public String getPassword() { return password; }
        public void setPassword(String value) { password = value; }
    }

    static class OrganizationSettingsFormData {
        @NotBlank(message = "Name your organisation.") @Size(max = 100, message = "Use at most 100 characters.")
        private String name = "";
        @NotBlank(message = "Choose a time zone.") @TimeZoneId
        private String timeZone = "UTC";
        @NotNull
        private Long version = 0L;

        public String getName() { return name; }
        public void setName(String value) { name = value; }
        public String getTimeZone() { return timeZone; }
        public void setTimeZone(String value) { timeZone = value; }
        public Long getVersion() { return version; }
        public void setVersion(Long value) { version = value; }
    }

    static class InviteFormData {
        @NotBlank(message = "Enter an e-mail address.") @Email(message = "Enter a valid e-mail address.")
        @Size(max = 254, message = "Use at most 254 characters.")
        private String email = "";
        @NotNull(message = "Choose a role.")
        private Role role = Role.VIEWER;

        public String getEmail() { return email; }
        public void setEmail(String value) { email = value == null ? "" : value.trim(); }
        public Role getRole() { return role; }
        public void setRole(Role value) { role = value; }
    }

    static class AcceptInvitationFormData {
        @Size(max = 100, message = "Use at most 100 characters.")
        private String displayName = "";
        @NotBlank(message = "Enter a password.")
        private String password = "";

        public String getDisplayName() { return displayName; }
        public void setDisplayName(String value) { displayName = value; }
        public String getPassword() { return password; }
        public void setPassword(String value) { password = value; }
    }
}
