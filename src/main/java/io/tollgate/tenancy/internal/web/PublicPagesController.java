package io.tollgate.tenancy.internal.web;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.tollgate.platform.ConflictException;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.tenancy.internal.OrganizationSignup;
import io.tollgate.tenancy.internal.PasswordPolicy;
import io.tollgate.tenancy.internal.SignupProperties;
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

/** Pages before sign-in: the sign-in form and self-service sign-up. */
@Controller
class PublicPagesController {

    /** UTC first, then the region-based zones, alphabetically. */
    static final List<String> TIME_ZONES = Stream.concat(Stream.of("UTC"), ZoneId.getAvailableZoneIds().stream()
            .filter(zone -> zone.contains("/") && !zone.startsWith("Etc/") && !zone.startsWith("SystemV/"))
            .sorted()).toList();

    private final OrganizationSignup signup;
    private final ConsoleSignIn signIn;

    PublicPagesController(OrganizationSignup signup, ConsoleSignIn signIn) {
        this.signup = signup;
        this.signIn = signIn;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/app";
    }

    @GetMapping("/login")
    String login(@org.jspecify.annotations.Nullable Authentication authentication, Model model) {
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof org.springframework.security.authentication.AnonymousAuthenticationToken)) {
            return "redirect:/app";
        }
        model.addAttribute("signupOpen", signup.mode() != SignupProperties.Mode.CLOSED);
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
