package io.tollgate.tenancy.internal.api;

import io.swagger.v3.oas.annotations.Operation;
import io.tollgate.platform.VersionTags;
import io.tollgate.tenancy.internal.OrganizationService;
import io.tollgate.tenancy.internal.Views.OrganizationView;
import io.tollgate.tenancy.internal.api.ApiModels.Organization;
import io.tollgate.tenancy.internal.api.ApiModels.OrganizationPatch;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's organisation; updates are optimistic (ETag / If-Match). */
@RestController
@RequestMapping(path = "/v1/organization", produces = MediaType.APPLICATION_JSON_VALUE)
class OrganizationApiController {

    private final OrganizationService organizations;

    OrganizationApiController(OrganizationService organizations) {
        this.organizations = organizations;
    }

    @Operation(operationId = "getOrganization", summary = "The caller's organisation, with an ETag")
    @GetMapping
    ResponseEntity<Organization> get() {
        OrganizationView view = organizations.current();
        return ResponseEntity.ok().eTag(etag(view)).body(Organization.of(view));
    }

    @Operation(operationId = "updateOrganization", summary = "Change the organisation's name or time zone; If-Match refuses a stale write")
    @PatchMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Organization> patch(@Valid @RequestBody OrganizationPatch patch,
                                       @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        OrganizationView current = organizations.current();
        Long expected = ifMatch == null ? null : VersionTags.parse(ifMatch, "organisation");
        OrganizationView updated = organizations.update(patch.name() == null ? current.name() : patch.name(),
                patch.timeZone() == null ? current.timeZone() : patch.timeZone(), expected);
        return ResponseEntity.ok().eTag(etag(updated)).body(Organization.of(updated));
    }

    private static String etag(OrganizationView view) {
        return VersionTags.of(view.version());
    }
}
