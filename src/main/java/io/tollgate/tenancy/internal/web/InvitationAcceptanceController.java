package io.tollgate.tenancy.internal.web;

import java.util.Optional;

import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantId;
import io.tollgate.platform.UserId;
import io.tollgate.tenancy.internal.ConsoleUser;
import io.tollgate.tenancy.internal.InvitationService;
import io.tollgate.tenancy.internal.PasswordPolicy;
import io.tollgate.tenancy.internal.Views.InvitationPreview;
import io.tollgate.tenancy.internal.web.FormData.AcceptInvitationFormData;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page an invitation link opens: join with an existing account's password, or create the account. */
@Controller
class InvitationAcceptanceController {

    private final InvitationService invitations;
    private final ConsoleSignIn signIn;

    InvitationAcceptanceController(InvitationService invitations, ConsoleSignIn signIn) {
        this.invitations = invitations;
        this.signIn = signIn;
    }

    @GetMapping("/invitations/{tenantId}/{token}")
    String show(@PathVariable("tenantId") String tenantId, @PathVariable("token") String token,
                @AuthenticationPrincipal @Nullable Object principal, Model model) {
        model.addAttribute("form", new AcceptInvitationFormData());
        return page(tenant(tenantId), token, principal, model);
    }

    @PostMapping("/invitations/{tenantId}/{token}")
    String accept(@PathVariable("tenantId") String tenantId, @PathVariable("token") String token,
                  @Valid @ModelAttribute("form") AcceptInvitationFormData form, BindingResult result,
                  @AuthenticationPrincipal @Nullable Object principal, Model model, HttpServletRequest request,
                  HttpServletResponse response, RedirectAttributes redirect) {
        TenantId tenant = tenant(tenantId);
        ConsoleUser signedIn = principal instanceof ConsoleUser user ? user : null;
        InvitationPreview preview = invitations.preview(tenant, token);
        boolean sameUserSignedIn = signedIn != null && signedIn.email().equalsIgnoreCase(preview.email());
        // Signed in as the invitee: the session proves who they are, so the password field is not needed.
        BindingResult errors = sameUserSignedIn ? new BeanPropertyBindingResult(form, "form") : result;
        if (!sameUserSignedIn && !preview.accountExists() && !errors.hasFieldErrors("password")) {
            PasswordPolicy.problemWith(form.getPassword(), preview.email())
                    .ifPresent(problem -> errors.rejectValue("password", "weak", problem));
        }
        if (!errors.hasErrors()) {
            try {
                UserId user = invitations.accept(tenant, token,
                        new InvitationService.Acceptance(form.getDisplayName(), form.getPassword()),
                        sameUserSignedIn ? signedIn : null);
                signIn.signIn(user, Optional.of(tenant), request, response);
                redirect.addFlashAttribute("notice", "Welcome to " + preview.organizationName() + ".");
                return "redirect:/app";
            } catch (InvalidInputException e) {
                errors.rejectValue(e.field(), "invalid", e.getMessage());
            } catch (ConflictException e) {
                errors.reject("conflict", e.getMessage());
            }
        }
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", errors);
        return page(tenant, token, principal, model);
    }

    private String page(TenantId tenant, String token, @Nullable Object principal, Model model) {
        InvitationPreview preview = invitations.preview(tenant, token);
        model.addAttribute("preview", preview);
        model.addAttribute("signedInAsInvitee", principal instanceof ConsoleUser user
                && user.email().equalsIgnoreCase(preview.email()));
        model.addAttribute("minPasswordLength", PasswordPolicy.MIN_LENGTH);
        return "tenancy/accept-invitation";
    }

    private static TenantId tenant(String value) {
        return new TenantId(Ids.parseOrNotFound(value,
                () -> new NotFoundException("This invitation link is not valid any more. Ask for a new one.")));
    }
}
