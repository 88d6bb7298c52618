package io.tollgate.tenancy.internal.sso;

import io.tollgate.platform.PreconditionFailedException;
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

    static String etag(SsoConfiguration configuration) {
        return "\"v" + configuration.version() + "\"";
    }

    static long parseEtag(String ifMatch) {
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() > 3 && value.startsWith("\"v") && value.endsWith("\"")) {
            try {
                return Long.parseLong(value.substring(2, value.length() - 1));
            } catch (NumberFormatException ignored) {
                // falls through: an ETag we never issued cannot match
            }
        }
        throw new PreconditionFailedException("If-Match does not match the current version of the SSO "
                + "configuration.");
    }
}
