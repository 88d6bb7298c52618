package io.tollgate.identity.internal.jwt;

import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings page for the JWT issuers the organisation trusts on its API (owners and admins). */
@Controller
class TrustedIssuersController {

    private final TrustedIssuerService issuers;

    TrustedIssuersController(TrustedIssuerService issuers) {
        this.issuers = issuers;
    }

    /** The "trust an issuer" form. */
    public static class IssuerFormData {

        @NotBlank(message = "Give the issuer URL, exactly as in the tokens' iss claim.")
        @Size(max = 500, message = "At most 500 characters.")
        private String issuer = "";

        @NotBlank(message = "Give the audience (aud) your tokens carry for Tollgate.")
        @Size(max = 200, message = "At most 200 characters.")
        private String audience = "";

        @Size(max = 500, message = "At most 500 characters.")
        private String jwksUri = "";

        @NotNull(message = "Say whether tokens name an agent or a member.")
        private TrustedIssuer.@Nullable PrincipalType principalType = TrustedIssuer.PrincipalType.AGENT;

        @Size(max = 100, message = "At most 100 characters.")
        private String principalClaim = "";

        public String getIssuer() { return issuer; }
        public void setIssuer(String issuer) { this.issuer = issuer == null ? "" : issuer.trim(); }
        public String getAudience() { return audience; }
        public void setAudience(String audience) { this.audience = audience == null ? "" : audience.trim(); }
        public String getJwksUri() { return jwksUri; }
        public void setJwksUri(String jwksUri) { this.jwksUri = jwksUri == null ? "" : jwksUri.trim(); }
        public TrustedIssuer.@Nullable PrincipalType getPrincipalType() { return principalType; }
        public void setPrincipalType(TrustedIssuer.@Nullable PrincipalType principalType) { this.principalType = principalType; }
        public String getPrincipalClaim() { return principalClaim; }
        public void setPrincipalClaim(String claim) { this.principalClaim = claim == null ? "" : claim.trim(); }
    }

    @GetMapping("/app/settings/trusted-issuers")
    String page(Model model) {
        model.addAttribute("form", new IssuerFormData());
        return render(model);
    }

    @PostMapping("/app/settings/trusted-issuers")
    String add(@Valid @ModelAttribute("form") IssuerFormData form, BindingResult result, Model model,
               RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                TrustedIssuer added = issuers.add(new TrustedIssuerService.NewTrustedIssuer(form.getIssuer(),
                        form.getAudience(), form.getJwksUri().isEmpty() ? null : form.getJwksUri(), null,
                        form.getPrincipalType(), form.getPrincipalClaim().isEmpty() ? null : form.getPrincipalClaim()));
                redirect.addFlashAttribute("notice", "Tokens of " + added.issuer() + " for " + added.audience()
                        + " are now accepted.");
                return "redirect:/app/settings/trusted-issuers";
            } catch (InvalidInputException e) {
                result.rejectValue(field(e.field()), "invalid", e.getMessage());
            } catch (ConflictException e) {
                result.rejectValue(field(e.field()), "conflict", e.getMessage());
            }
        }
        return render(model);
    }

    @PostMapping("/app/settings/trusted-issuers/{id}/remove")
    String remove(@PathVariable("id") String id, RedirectAttributes redirect) {
        TrustedIssuer removed = issuers.remove(Ids.parseOrNotFound(id, "trusted issuer"));
        redirect.addFlashAttribute("notice", "Tokens of " + removed.issuer() + " are no longer accepted.");
        return "redirect:/app/settings/trusted-issuers";
    }

    private String render(Model model) {
        model.addAttribute("issuers", issuers.list());
        model.addAttribute("principalTypes", TrustedIssuer.PrincipalType.values());
        return "identity/trusted-issuers";
    }

    private static String field(String apiField) {
        return switch (apiField) {
            case "jwks_uri" -> "jwksUri";
            case "principal_claim" -> "principalClaim";
            case "algorithms" -> "issuer";
            default -> apiField;
        };
    }
}
