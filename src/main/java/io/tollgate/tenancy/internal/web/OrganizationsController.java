package io.tollgate.tenancy.internal.web;


import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.NotFoundException;
import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.internal.ConsoleUser;
import io.tollgate.tenancy.internal.MembershipDirectory;
import io.tollgate.tenancy.internal.OrganizationSignup;
import io.tollgate.tenancy.internal.SignupProperties;
import io.tollgate.tenancy.internal.web.FormData.NewOrganizationFormData;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The organisations a person belongs to: switch between them, or open another one. */
@Controller
class OrganizationsController {

    private final MembershipDirectory directory;
    private final OrganizationSignup signup;

    OrganizationsController(MembershipDirectory directory, OrganizationSignup signup) {
        this.directory = directory;
        this.signup = signup;
    }

    @GetMapping("/app/organizations")
    String list(@AuthenticationPrincipal ConsoleUser user, Model model) {
        model.addAttribute("form", new NewOrganizationFormData());
        return page(user, model);
    }

    @PostMapping("/app/organizations/switch")
    String switchTo(@AuthenticationPrincipal ConsoleUser user, @RequestParam("tenantId") String tenantId,
                    HttpServletRequest request, RedirectAttributes redirect) {
        TenantId tenant = new TenantId(Ids.parseOrNotFound(tenantId, "organisation"));
        var choice = directory.tenantsOf(user.userId()).stream()
                .filter(t -> t.tenantId().equals(tenant.value())).findFirst()
                .orElseThrow(() -> NotFoundException.of("organisation"));
        SignInScope scope = SignInScope.of(request);
        if (!scope.permits(tenant)) {
            redirect.addFlashAttribute("error", scope.viaSso()
                    ? "You signed in through your organisation's single sign-on, which opens that organisation "
                    + "only. Sign out and sign in again to work in " + choice.name() + "."
                    : choice.name() + " requires single sign-on. Sign out and sign in through your identity "
                    + "provider to work there.");
            return "redirect:/app/organizations";
        }
        CurrentTenantSession.set(request, tenant);
        redirect.addFlashAttribute("notice", "You are now working in " + choice.name() + ".");
        return "redirect:/app";
    }

    @PostMapping("/app/organizations")
    String create(@AuthenticationPrincipal ConsoleUser user,
                  @Valid @ModelAttribute("form") NewOrganizationFormData form, BindingResult result, Model model,
                  HttpServletRequest request, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return page(user, model);
        }
        try {
            var created = signup.createForExistingUser(user.userId(), form.getOrganizationName(), form.getSlug(),
                    form.getTimeZone(), PublicPagesController.blankToNull(form.getSignupCode()));
            SignInScope.of(request).including(created.tenant()).applyTo(request);
            CurrentTenantSession.set(request, created.tenant());
            redirect.addFlashAttribute("notice", "Created " + form.getOrganizationName().trim() + ".");
            return "redirect:/app";
        } catch (ConflictException e) {
            result.rejectValue(e.field(), "conflict", e.getMessage());
        } catch (InvalidInputException e) {
            result.rejectValue(e.field(), "invalid", e.getMessage());
        }
        return page(user, model);
    }

    private String page(ConsoleUser user, Model model) {
        model.addAttribute("memberships", directory.tenantsOf(user.userId()));
        model.addAttribute("mode", signup.mode().name());
        model.addAttribute("canCreate", signup.mode() != SignupProperties.Mode.CLOSED);
        model.addAttribute("timeZones", PublicPagesController.TIME_ZONES);
        return "tenancy/organizations";
    }
}
