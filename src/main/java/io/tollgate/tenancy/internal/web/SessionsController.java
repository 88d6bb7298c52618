package io.tollgate.tenancy.internal.web;

import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.internal.ConsoleUser;
import io.tollgate.tenancy.SignedOutEverywhere;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;

/** "Sign out everywhere": ends every console session of the signed-in person, on every replica. */
@Controller
class SessionsController {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    SessionsController(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @PostMapping("/app/account/sign-out-everywhere")
    @Transactional
    String signOutEverywhere(@AuthenticationPrincipal ConsoleUser user, HttpServletRequest request) {
        jdbc.update("UPDATE users SET sessions_valid_after = now() WHERE id = ?", user.userId().value());
        TenantScope.currentTenant().ifPresent(tenant -> events.publishEvent(new SignedOutEverywhere(tenant,
                user.userId())));
        request.getSession().invalidate();
        SecurityContextHolder.clearContext();
        return "redirect:/login?signedOutEverywhere";
    }
}
