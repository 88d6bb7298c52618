package io.tollgate.tenancy.internal.sso;

import io.tollgate.platform.VersionTags;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The URLs and version tags an administrator sees for the configuration. */
final class SsoLinks {

    private SsoLinks() {
    }

    /** The redirect URI to register at the IdP, on this server's public address. */
    static String redirectUri(String registrationId) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/login/oauth2/code/" + registrationId)
                .toUriString();
    }

    static long parseEtag(String ifMatch) {
        return VersionTags.parse(ifMatch, "SSO configuration");
    }

    static String etag(SsoConfiguration configuration) {
        return VersionTags.of(configuration.version());
    }
}
