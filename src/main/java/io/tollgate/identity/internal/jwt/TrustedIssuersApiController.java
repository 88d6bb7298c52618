package io.tollgate.identity.internal.jwt;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.platform.PrefixedId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The issuers whose JWTs the tenant's API accepts. At most 20 per tenant, so the list is not paginated. */
@RestController
@RequestMapping(path = "/v1/trusted-issuers", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Trusted JWT issuers")
class TrustedIssuersApiController {

    static final String PREFIX = "iss";

    private final TrustedIssuerService issuers;

    TrustedIssuersApiController(TrustedIssuerService issuers) {
        this.issuers = issuers;
    }

    record CreateTrustedIssuer(@NotBlank(message = "Give the issuer URL (the iss claim).") @Size(max = 500) String issuer,
                               @NotBlank(message = "Give the audience (aud) your tokens carry.") @Size(max = 200) String audience,
                               @Nullable @Size(max = 500) String jwksUri,
                               @Nullable @Size(max = 9) List<@NotBlank String> algorithms,
                               @NotNull(message = "Say whether tokens name an AGENT or a USER.") TrustedIssuer.PrincipalType principalType,
                               @Nullable @Size(max = 100) String principalClaim) {
    }

    record TrustedIssuerView(String id, String issuer, String audience, String jwksUri, List<String> algorithms,
                             TrustedIssuer.PrincipalType principalType, String principalClaim, Instant createdAt) {

        static TrustedIssuerView of(TrustedIssuer issuer) {
            return new TrustedIssuerView(PrefixedId.format(PREFIX, issuer.id()), issuer.issuer(), issuer.audience(),
                    issuer.jwksUri(), issuer.algorithms(), issuer.principalType(), issuer.principalClaim(),
                    issuer.createdAt());
        }
    }

    record Listing(List<TrustedIssuerView> data) {
    }

    @Operation(operationId = "listTrustedIssuers", summary = "JWT issuers the organisation trusts")
    @GetMapping
    Listing list() {
        return new Listing(issuers.list().stream().map(TrustedIssuerView::of).toList());
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Trusted")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "addTrustedIssuer", summary = "Trust an issuer's JWTs for an audience; the JWKS URI is discovered when not given")
    ResponseEntity<TrustedIssuerView> add(@Valid @RequestBody CreateTrustedIssuer request) {
        TrustedIssuer added = issuers.add(new TrustedIssuerService.NewTrustedIssuer(request.issuer(),
                request.audience(), request.jwksUri(), request.algorithms(), request.principalType(),
                request.principalClaim()));
        TrustedIssuerView view = TrustedIssuerView.of(added);
        return ResponseEntity.created(URI.create("/v1/trusted-issuers/" + view.id())).body(view);
    }

    @Operation(operationId = "getTrustedIssuer", summary = "One trusted issuer")
    @GetMapping("/{id}")
    TrustedIssuerView get(@PathVariable("id") String id) {
        return TrustedIssuerView.of(issuers.get(PrefixedId.parse(PREFIX, id, "trusted issuer")));
    }

    @Operation(operationId = "removeTrustedIssuer", summary = "Stop trusting an issuer")
    @DeleteMapping("/{id}")
    TrustedIssuerView remove(@PathVariable("id") String id) {
        return TrustedIssuerView.of(issuers.remove(PrefixedId.parse(PREFIX, id, "trusted issuer")));
    }
}
