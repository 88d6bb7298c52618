package io.tollgate.tenancy.internal.sso;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.tenancy.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organisation's OIDC single sign-on configuration, one per organisation (owners and admins). The client
 * secret is write-only: responses say only whether it is set and where it is kept. Writes are optimistic
 * (ETag / If-Match).
 */
@RestController
@RequestMapping(path = "/v1/sso-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Single sign-on")
class SsoConfigurationApiController {

    private final SsoConfigurationService configurations;

    SsoConfigurationApiController(SsoConfigurationService configurations) {
        this.configurations = configurations;
    }

    /** PUT body: the whole configuration. Leave both secret fields out to keep the current secret. */
    record SsoConfigurationRequest(
            @NotBlank(message = "Give the issuer URL.") @Size(max = 500) String issuer,
            @NotBlank(message = "Give the client id your IdP issued.") @Size(max = 255) String clientId,
            @Nullable @Size(max = 1000) String clientSecret,
            @Nullable @Size(max = 500) String clientSecretRef,
            @NotNull(message = "Give the e-mail domains that sign in through this IdP.")
            @Size(min = 1, max = SsoConfigurationService.MAX_DOMAINS) List<@NotBlank @Size(max = 253) String> allowedDomains,
            @Nullable @Size(max = 100) String groupsClaim,
            @Nullable @Size(max = SsoConfigurationService.MAX_MAPPINGS) Map<String, Role> roleMappings,
            @Nullable Role defaultRole,
            @Nullable Boolean jitEnabled,
            @Nullable Boolean ssoRequired,
            @Nullable Boolean enabled) {
    }

    record SsoConfigurationView(String registrationId, String redirectUri, String issuer, String clientId,
                                boolean clientSecretSet, String clientSecretStorage, @Nullable String clientSecretRef,
                                List<String> allowedDomains, String groupsClaim, Map<String, Role> roleMappings,
                                Role defaultRole, boolean jitEnabled, boolean ssoRequired, boolean enabled,
                                Instant createdAt, Instant updatedAt) {

        static SsoConfigurationView of(SsoConfiguration c) {
            return new SsoConfigurationView(c.registrationId(), SsoLinks.redirectUri(c.registrationId()), c.issuer(),
                    c.clientId(), true, c.secret().source(), c.secret().vaultReference(), c.allowedDomains(),
                    c.groupsClaim(), c.roleMappings(), c.defaultRole(), c.jitEnabled(), c.ssoRequired(),
                    c.enabled(), c.createdAt(), c.updatedAt());
        }
    }

    @Operation(operationId = "getSsoConfiguration", summary = "The organisation's OIDC single sign-on settings, never the client secret")
    @GetMapping
    ResponseEntity<SsoConfigurationView> get() {
        SsoConfiguration current = configurations.require();
        return ResponseEntity.ok().eTag(SsoLinks.etag(current)).body(SsoConfigurationView.of(current));
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Replaced")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created")
    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "putSsoConfiguration", summary = "Create or replace the SSO configuration; enabling it reads the issuer's discovery document")
    ResponseEntity<SsoConfigurationView> put(@Valid @RequestBody SsoConfigurationRequest request,
                                             @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        boolean existed = configurations.current().isPresent();
        SsoConfiguration saved = configurations.save(new SsoConfigurationService.Settings(request.issuer(),
                request.clientId(), request.clientSecret(), request.clientSecretRef(), request.allowedDomains(),
                request.groupsClaim(), request.roleMappings() == null ? Map.of() : request.roleMappings(),
                request.defaultRole(), Boolean.TRUE.equals(request.jitEnabled()),
                Boolean.TRUE.equals(request.ssoRequired()), !Boolean.FALSE.equals(request.enabled())),
                ifMatch == null ? null : SsoLinks.parseEtag(ifMatch));
        return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).eTag(SsoLinks.etag(saved))
                .body(SsoConfigurationView.of(saved));
    }

    @DeleteMapping
    @Operation(operationId = "deleteSsoConfiguration", summary = "Remove the SSO configuration; its e-mail domains are released")
    ResponseEntity<Void> delete(@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        configurations.remove(ifMatch == null ? null : SsoLinks.parseEtag(ifMatch));
        return ResponseEntity.noContent().build();
    }
}
