package io.tollgate.tenancy.internal.sso;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.tollgate.platform.ConflictException;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.PreconditionFailedException;
import io.tollgate.tenancy.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings page for the organisation's single sign-on (owners and admins). */
@Controller
class SsoSettingsController {

    private static final List<Role> MAPPABLE = List.of(Role.ADMIN, Role.APPROVER, Role.ANALYST, Role.VIEWER);

    private final SsoConfigurationService configurations;

    SsoSettingsController(SsoConfigurationService configurations) {
        this.configurations = configurations;
    }

    /** The SSO form. The client secret is write-only: the field starts empty, and left empty keeps the secret. */
    public static class SsoFormData {

        @NotBlank(message = "Give the issuer URL, exactly as your IdP names it.")
        @Size(max = 500, message = "At most 500 characters.")
        private String issuer = "";

        @NotBlank(message = "Give the client id your IdP issued for Tollgate.")
        @Size(max = 255, message = "At most 255 characters.")
        private String clientId = "";

        @Size(max = 1000, message = "At most 1000 characters.")
        private String clientSecret = "";

        @Size(max = 500, message = "At most 500 characters.")
        private String clientSecretRef = "";

        @NotBlank(message = "Give at least one e-mail domain, like example.com.")
        @Size(max = 2000, message = "Too long.")
        private String allowedDomains = "";

        @Size(max = 100, message = "At most 100 characters.")
        private String groupsClaim = "groups";

        @Size(max = 5000, message = "Too long.")
        private String roleMappings = "";

        private Role defaultRole = Role.VIEWER;
        private boolean jitEnabled;
        private boolean ssoRequired;
        private boolean enabled = true;
        private @Nullable Long version;

        static SsoFormData of(SsoConfiguration c) {
            SsoFormData form = new SsoFormData();
            form.issuer = c.issuer();
            form.clientId = c.clientId();
            form.clientSecretRef = c.secret().vaultReference() == null ? "" : c.secret().vaultReference();
            form.allowedDomains = String.join(", ", c.allowedDomains());
            form.groupsClaim = c.groupsClaim();
            List<String> lines = new ArrayList<>();
            c.roleMappings().forEach((group, role) -> lines.add(group + "=" + role.name()));
            form.roleMappings = String.join("\n", lines);
            form.defaultRole = c.defaultRole();
            form.jitEnabled = c.jitEnabled();
            form.ssoRequired = c.ssoRequired();
            form.enabled = c.enabled();
            form.version = c.version();
            return form;
        }

        public String getIssuer() { return issuer; }
        public void setIssuer(String issuer) { this.issuer = issuer == null ? "" : issuer.trim(); }
        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId == null ? "" : clientId.trim(); }
        public String getClientSecret() { return clientSecret; }
        public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret == null ? "" : clientSecret; }
        public String getClientSecretRef() { return clientSecretRef; }
        public void setClientSecretRef(String ref) { this.clientSecretRef = ref == null ? "" : ref.trim(); }
        public String getAllowedDomains() { return allowedDomains; }
        public void setAllowedDomains(String domains) { this.allowedDomains = domains == null ? "" : domains.trim(); }
        public String getGroupsClaim() { return groupsClaim; }
        public void setGroupsClaim(String claim) { this.groupsClaim = claim == null ? "" : claim.trim(); }
        public String getRoleMappings() { return roleMappings; }
        public void setRoleMappings(String mappings) { this.roleMappings = mappings == null ? "" : mappings; }
        public Role getDefaultRole() { return defaultRole; }
        public void setDefaultRole(Role defaultRole) { this.defaultRole = defaultRole == null ? Role.VIEWER : defaultRole; }
        public boolean isJitEnabled() { return jitEnabled; }
        public void setJitEnabled(boolean jitEnabled) { this.jitEnabled = jitEnabled; }
        public boolean isSsoRequired() { return ssoRequired; }
        public void setSsoRequired(boolean ssoRequired) { this.ssoRequired = ssoRequired; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public @Nullable Long getVersion() { return version; }
        public void setVersion(@Nullable Long version) { this.version = version; }
    }

    @GetMapping("/app/settings/sso")
    String page(Model model) {
        Optional<SsoConfiguration> current = configurations.current();
        model.addAttribute("form", current.map(SsoFormData::of).orElseGet(SsoFormData::new));
        return render(current, model);
    }

    @PostMapping("/app/settings/sso")
    String save(@Valid @ModelAttribute("form") SsoFormData form, BindingResult result, Model model,
                RedirectAttributes redirect) {
        Map<String, Role> mappings = parseMappings(form.getRoleMappings(), result);
        if (!result.hasErrors()) {
            try {
                configurations.save(new SsoConfigurationService.Settings(form.getIssuer(), form.getClientId(),
                        form.getClientSecret(), form.getClientSecretRef(),
                        Arrays.asList(form.getAllowedDomains().split("[,;\\s]+")), form.getGroupsClaim(), mappings,
                        form.getDefaultRole(), form.isJitEnabled(), form.isSsoRequired(), form.isEnabled()),
                        form.getVersion());
                redirect.addFlashAttribute("notice", "Single sign-on settings saved.");
                return "redirect:/app/settings/sso";
            } catch (InvalidInputException e) {
                result.rejectValue(field(e.field()), "invalid", e.getMessage());
            } catch (ConflictException e) {
                result.rejectValue(field(e.field()), "conflict", e.getMessage());
            } catch (PreconditionFailedException e) {
                result.reject("stale", e.getMessage());
            }
        }
        form.setClientSecret("");
        return render(configurations.current(), model);
    }

    @PostMapping("/app/settings/sso/remove")
    String remove(RedirectAttributes redirect) {
        SsoConfiguration removed = configurations.remove(null);
        redirect.addFlashAttribute("notice", "Single sign-on through " + removed.issuer() + " is removed; "
                + "members sign in with a password again.");
        return "redirect:/app/settings/sso";
    }

    /** One mapping per line, {@code group=ROLE}; blank lines are skipped. */
    static Map<String, Role> parseMappings(String text, BindingResult result) {
        Map<String, Role> mappings = new LinkedHashMap<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.lastIndexOf('=');
            Role role = equals < 1 ? null : role(line.substring(equals + 1).strip());
            if (role == null) {
                result.rejectValue("roleMappings", "format", "Line " + (i + 1) + ": write group=ROLE, for example "
                        + "tollgate-admins=ADMIN (roles: ADMIN, APPROVER, ANALYST, VIEWER).");
                return Map.of();
            }
            mappings.put(line.substring(0, equals).strip(), role);
        }
        return mappings;
    }

    private static @Nullable Role role(String name) {
        try {
            return Role.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String render(Optional<SsoConfiguration> current, Model model) {
        model.addAttribute("configuration", current.orElse(null));
        String registrationId = SsoConfiguration.registrationId(io.tollgate.platform.TenantScope.requireTenant());
        model.addAttribute("redirectUri", SsoLinks.redirectUri(registrationId));
        model.addAttribute("roles", MAPPABLE);
        return "tenancy/sso-settings";
    }

    private static String field(String apiField) {
        return switch (apiField) {
            case "client_id" -> "clientId";
            case "client_secret" -> "clientSecret";
            case "client_secret_ref" -> "clientSecretRef";
            case "allowed_domains" -> "allowedDomains";
            case "groups_claim" -> "groupsClaim";
            case "role_mappings" -> "roleMappings";
            case "default_role" -> "defaultRole";
            default -> "issuer";
        };
    }
}
