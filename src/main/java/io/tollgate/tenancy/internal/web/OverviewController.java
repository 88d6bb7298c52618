package io.tollgate.tenancy.internal.web;

import io.tollgate.platform.TenantScope;
import io.tollgate.tenancy.internal.MemberService;
import io.tollgate.tenancy.internal.OrganizationService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's landing page for the current organisation. */
@Controller
class OverviewController {

    private final OrganizationService organizations;
    private final MemberService members;

    OverviewController(OrganizationService organizations, MemberService members) {
        this.organizations = organizations;
        this.members = members;
    }

    @GetMapping("/app")
    String overview(Model model) {
        if (TenantScope.currentTenant().isEmpty()) {
            return "redirect:/app/organizations";
        }
        model.addAttribute("organization", organizations.current());
        model.addAttribute("memberCount", members.count());
        return "tenancy/overview";
    }
}
