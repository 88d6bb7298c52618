package io.tollgate.tenancy.internal.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.tollgate.platform.ConflictException;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.platform.RateLimitOutcome;
import io.tollgate.platform.RateLimits;
import io.tollgate.tenancy.internal.OrganizationSignup;
import io.tollgate.tenancy.internal.PasswordPolicy;
import io.tollgate.tenancy.internal.SignupProperties;
import io.tollgate.tenancy.internal.sso.SsoLogin;
import io.tollgate.tenancy.internal.sso.SsoPolicy;
import io.tollgate.tenancy.internal.web.FormData.SignUpFormData;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Pages before sign-in: the sign-in steps (e-mail, then IdP or password) and self-service sign-up. */
@Controller
class PublicPagesController {

    /** UTC first, then the region-based zones, alphabetically. */
    static final List<String> TIME_ZONES = Stream.concat(Stream.of("UTC"), ZoneId.getAvailableZoneIds().stream()
            .filter(zone -> zone.contains("/") && !zone.startsWith("Etc/") && !zone.startsWith("SystemV/"))
            .sorted()).toList();

    private final OrganizationSignup signup;
    private final ConsoleSignIn signIn;
    private final SsoPolicy ssoPolicy;
    private final RateLimits rateLimits;

    PublicPagesController(OrganizationSignup signup, ConsoleSignIn signIn, SsoPolicy ssoPolicy, RateLimits rateLimits) {
        this.signup = signup;
        this.signIn = signIn;
        this.ssoPolicy = ssoPolicy;
        this.rateLimits = rateLimits;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/app";
    }

    /**
     * E-mail first: {@code /login} asks for the e-mail and continues to the organisation's IdP or to the password
     * step. The password step is shown directly after a failed password ({@code ?error}) and on request
     * ({@code ?usePassword}, e.g. an owner getting past a broken IdP).
     */
    @GetMapping("/login")
    String login(@org.jspecify.annotations.Nullable Authentication authentication, HttpServletRequest request,
                 Model model) {
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof org.springframework.security.authentication.AnonymousAuthenticationToken)) {
            return "redirect:/app";
        }
        SsoLogin.takeMessage(request).ifPresent(message -> model.addAttribute("ssoMessage", message));
        boolean passwordStep = request.getParameter("error") != null || request.getParameter("usePassword") != null;
        return loginPage(model, passwordStep, "");
    }

    /**
     * Home-realm discovery: an e-mail whose domain an organisation claimed for its enabled IdP goes there (the
     * password field is never shown for it); any other continues to the password step. Counted against the same
     * sign-in quotas as a password attempt, so it cannot be used to probe domains or accounts at speed.
     * <p>
     * The way to the IdP is a page that moves on by itself (meta refresh, with a link as fallback) rather than a
     * redirect: the console's CSP has {@code form-action 'self'}, and browsers apply it to every redirect that
     * follows a form post, so a redirect chain ending at another origin would be blocked.
     */
    @PostMapping("/login/continue")
    String continueSignIn(@RequestParam(name = "email", defaultValue = "") String email, HttpServletRequest request,
                          HttpServletResponse response, Model model) {
        String address = email.strip();
        if (address.isEmpty() || address.length() > 254 || address.indexOf('@') < 1
                || address.indexOf('@') == address.length() - 1) {
            model.addAttribute("emailError", "Enter your e-mail address, like name@example.com.");
            return loginPage(model, false, address.length() > 254 ? "" : address);
        }
        RateLimitOutcome outcome = rateLimits.homeRealmLookup(request.getRemoteAddr());
        if (!outcome.allowed()) {
            response.setHeader("Retry-After", Long.toString(outcome.retryAfterSeconds()));
            return "redirect:/login?throttled=" + outcome.retryAfterSeconds();
        }
        return ssoPolicy.routeFor(address).map(route -> {
            model.addAttribute("refreshTo", request.getContextPath()
                    + SsoLogin.authorizationPath(route.registrationId()) + "?login_hint="
                    + URLEncoder.encode(address, StandardCharsets.UTF_8));
            return "tenancy/sso-continue";
        }).orElseGet(() -> loginPage(model, true, address));
    }

    private String loginPage(Model model, boolean passwordStep, String email) {
        model.addAttribute("signupOpen", signup.mode() != SignupProperties.Mode.CLOSED);
        model.addAttribute("passwordStep", passwordStep);
        model.addAttribute("email", email);
        return "tenancy/login";
    }

    @GetMapping("/signup")
    String signUpForm(Model model) {
        model.addAttribute("form", new SignUpFormData());
        return signUpPage(model);
    }

    @PostMapping("/signup")
    String signUp(@Valid @ModelAttribute("form") SignUpFormData form, BindingResult result, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        if (signup.mode() == SignupProperties.Mode.CLOSED) {
            return signUpPage(model);
        }
        if (!result.hasFieldErrors("password")) {
            PasswordPolicy.problemWith(form.getPassword(), form.getEmail())
                    .ifPresent(problem -> result.rejectValue("password", "weak", problem));
        }
        if (result.hasErrors()) {
            return signUpPage(model);
        }
        try {
            OrganizationSignup.Created created = signup.signUp(new OrganizationSignup.NewOrganization(
                    form.getOrganizationName(), form.getSlug(), form.getTimeZone(), form.getDisplayName(),
                    form.getEmail(), form.getPassword(), blankToNull(form.getSignupCode())));
            signIn.signIn(created.owner(), Optional.of(created.tenant()), request, response);
            return "redirect:/app?welcome";
        } catch (ConflictException e) {
            result.rejectValue(e.field(), "conflict", e.getMessage());
        } catch (InvalidInputException e) {
            result.rejectValue(e.field(), "invalid", e.getMessage());
        }
        return signUpPage(model);
    }

    private String signUpPage(Model model) {
        model.addAttribute("mode", signup.mode().name());
        model.addAttribute("timeZones", TIME_ZONES);
        model.addAttribute("minPasswordLength", PasswordPolicy.MIN_LENGTH);
        return "tenancy/signup";
    }

    static @org.jspecify.annotations.Nullable String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
