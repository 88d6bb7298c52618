package io.tollgate.tenancy.internal.web;

import java.util.List;
import java.util.Optional;

import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.ConsoleUser;
import io.tollgate.tenancy.internal.MembershipDirectory;
import io.tollgate.tenancy.internal.Views.TenantChoice;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's frame shows: who is signed in, the current organisation and the switcher. */
@ControllerAdvice(basePackages = "io.tollgate")
class ConsoleShell {

    /** The frame's data; {@code current} is empty when the person has no organisation chosen. */
    record Shell(String userName, String userEmail, @Nullable TenantChoice current, List<TenantChoice> others,
                 @Nullable Role role) {

        public boolean administers() {
            return role != null && role.administers();
        }
    }

    private final MembershipDirectory directory;

    ConsoleShell(MembershipDirectory directory) {
        this.directory = directory;
    }

    @ModelAttribute("shell")
    @Nullable Shell shell(@AuthenticationPrincipal @Nullable Object principal, HttpServletRequest request) {
        if (!(principal instanceof ConsoleUser user) || !request.getRequestURI().startsWith("/app")) {
            return null;
        }
        SignInScope scope = SignInScope.of(request);
        List<TenantChoice> tenants = directory.tenantsOf(user.userId()).stream()
                .filter(choice -> scope.permits(new io.tollgate.platform.TenantId(choice.tenantId()))).toList();
        Optional<TenantChoice> current = TenantScope.currentTenant()
                .flatMap(id -> tenants.stream().filter(t -> t.tenantId().equals(id.value())).findFirst());
        List<TenantChoice> others = tenants.stream()
                .filter(t -> current.map(c -> !c.tenantId().equals(t.tenantId())).orElse(true)).toList();
        return new Shell(user.displayName(), user.email(), current.orElse(null), others,
                (Role) request.getAttribute(TenantBindingFilter.ROLE_ATTRIBUTE));
    }
}
