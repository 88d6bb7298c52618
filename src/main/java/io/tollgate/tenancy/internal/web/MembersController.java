package io.tollgate.tenancy.internal.web;


import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.tollgate.platform.ConflictException;
import io.tollgate.platform.Ids;
import io.tollgate.platform.InvalidInputException;
import io.tollgate.tenancy.Role;
import io.tollgate.tenancy.internal.Cursor;
import io.tollgate.tenancy.internal.InvitationService;
import io.tollgate.tenancy.internal.MemberService;
import io.tollgate.tenancy.internal.Views.IssuedInvitation;
import io.tollgate.tenancy.internal.web.FormData.InviteFormData;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.FragmentsRendering;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Members and invitations of the current organisation. */
@Controller
class MembersController {

    static final int PAGE_SIZE = 25;

    private final MemberService members;
    private final InvitationService invitations;

    MembersController(MemberService members, InvitationService invitations) {
        this.members = members;
        this.invitations = invitations;
    }

    @GetMapping("/app/members")
    String list(@RequestParam(name = "cursor", required = false) @Nullable String cursor,
                @RequestParam(name = "invitationsCursor", required = false) @Nullable String invitationsCursor,
                Model model) {
        model.addAttribute("form", new InviteFormData());
        return page(cursor, invitationsCursor, model);
    }

    /**
     * Issues an invitation. From htmx, answers with the invite panel fragment (showing the link once); without
     * JavaScript, with the whole page.
     */
    @PostMapping("/app/members/invitations")
    FragmentsRendering invite(@Valid @ModelAttribute("form") InviteFormData form, BindingResult result, Model model,
                  HttpServletRequest request, HtmxRequest htmx) {
        if (!result.hasErrors()) {
            try {
                IssuedInvitation issued = invitations.invite(form.getEmail(), form.getRole(), baseUrl(request));
                model.addAttribute("issued", issued);
                model.addAttribute("form", new InviteFormData());
            } catch (ConflictException e) {
                result.rejectValue(e.field(), "conflict", e.getMessage());
            } catch (InvalidInputException e) {
                result.rejectValue(e.field(), "invalid", e.getMessage());
            }
        }
        if (htmx.isHtmxRequest()) {
            // The panel swaps in place; the invitations table follows out of band, so the new one shows at once.
            model.addAttribute("roles", Role.values());
            model.addAttribute("invitations", invitations.list(Cursor.parse(null), PAGE_SIZE));
            model.addAttribute("oob", true);
            return FragmentsRendering.fragment("tenancy/members :: invite-panel")
                    .fragment("tenancy/members :: invitations").build();
        }
        return FragmentsRendering.fragment(page(null, null, model)).build();
    }

    @GetMapping("/app/members/{id}")
    String member(@PathVariable("id") String id, Model model) {
        model.addAttribute("member", members.get(Ids.parseOrNotFound(id, "member")));
        model.addAttribute("roles", Role.values());
        return "tenancy/member";
    }

    @PostMapping("/app/members/{id}/role")
    String changeRole(@PathVariable("id") String id, @RequestParam("role") Role role, RedirectAttributes redirect) {
        try {
            var changed = members.changeRole(Ids.parseOrNotFound(id, "member"), role);
            redirect.addFlashAttribute("notice", changed.displayName() + " is now " + label(role) + ".");
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/app/members/" + id;
    }

    @PostMapping("/app/members/{id}/remove")
    String remove(@PathVariable("id") String id, RedirectAttributes redirect) {
        try {
            var removed = members.remove(Ids.parseOrNotFound(id, "member"));
            redirect.addFlashAttribute("notice", removed.displayName() + " was removed from the organisation.");
            return "redirect:/app/members";
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/app/members/" + id;
        }
    }

    private static String label(Role role) {
        return role.name().charAt(0) + role.name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    @GetMapping("/app/invitations/{id}")
    String invitation(@PathVariable("id") String id, Model model) {
        model.addAttribute("invitation", invitations.get(Ids.parseOrNotFound(id, "invitation")));
        return "tenancy/invitation";
    }

    @PostMapping("/app/invitations/{id}/revoke")
    String revoke(@PathVariable("id") String id, RedirectAttributes redirect) {
        try {
            var revoked = invitations.revoke(Ids.parseOrNotFound(id, "invitation"));
            redirect.addFlashAttribute("notice", "The invitation for " + revoked.email() + " was revoked.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/app/members";
    }

    private String page(@Nullable String cursor, @Nullable String invitationsCursor, Model model) {
        model.addAttribute("members", members.list(Cursor.parse(cursor), PAGE_SIZE));
        model.addAttribute("invitations", invitations.list(Cursor.parse(invitationsCursor), PAGE_SIZE));
        model.addAttribute("roles", Role.values());
        return "tenancy/members";
    }

    static String baseUrl(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
    }
}
