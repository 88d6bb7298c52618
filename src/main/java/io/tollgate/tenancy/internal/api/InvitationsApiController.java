package io.tollgate.tenancy.internal.api;

import io.swagger.v3.oas.annotations.Operation;
import io.tollgate.platform.PrefixedId;
import io.tollgate.tenancy.internal.Cursor;
import io.tollgate.tenancy.internal.InvitationService;
import io.tollgate.tenancy.internal.api.ApiModels.Invitation;
import io.tollgate.tenancy.internal.api.ApiModels.NewInvitation;
import io.tollgate.tenancy.internal.api.ApiModels.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping(path = "/v1/invitations", produces = MediaType.APPLICATION_JSON_VALUE)
class InvitationsApiController {

    private final InvitationService invitations;

    InvitationsApiController(InvitationService invitations) {
        this.invitations = invitations;
    }

    @Operation(operationId = "listInvitations", summary = "Invitations, newest first")
    @GetMapping
    Page<Invitation> list(@RequestParam(name = "limit", defaultValue = "50")
                          @Min(value = 1, message = "Use 1–200.") @Max(value = 200, message = "Use 1–200.") int limit,
                          @RequestParam(name = "cursor", required = false) @Nullable String cursor) {
        var page = invitations.list(Cursor.parse(cursor), limit);
        return new Page<>(page.items().stream().map(view -> Invitation.of(view, null)).toList(), page.nextCursor());
    }

    /** The response carries the invitation link: the only time the token is ever returned. */
    @Operation(operationId = "createInvitation", summary = "Invite someone by e-mail; the single-use link is in this answer only")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created, with the link")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Invitation> create(@Valid @RequestBody NewInvitation request, HttpServletRequest http) {
        var issued = invitations.invite(request.email(), request.role(),
                ServletUriComponentsBuilder.fromContextPath(http).build().toUriString());
        Invitation body = Invitation.of(issued.invitation(), issued.link());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(ServletUriComponentsBuilder.fromContextPath(http).path("/v1/invitations/{id}")
                        .buildAndExpand(body.id()).toUri())
                .body(body);
    }

    @Operation(operationId = "getInvitation", summary = "One invitation")
    @GetMapping("/{id}")
    Invitation get(@PathVariable("id") String id) {
        return Invitation.of(invitations.get(PrefixedId.parse(ApiModels.INVITATION, id, "invitation")), null);
    }

    @Operation(operationId = "revokeInvitation", summary = "Revoke an open invitation")
    @DeleteMapping("/{id}")
    Invitation revoke(@PathVariable("id") String id) {
        return Invitation.of(invitations.revoke(PrefixedId.parse(ApiModels.INVITATION, id, "invitation")), null);
    }
}
