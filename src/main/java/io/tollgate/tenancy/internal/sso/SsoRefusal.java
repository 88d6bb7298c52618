package io.tollgate.tenancy.internal.sso;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * The IdP vouched for someone Tollgate does not let in. The description is written for that person and shown on
 * the sign-in page; it names only the organisation they tried to reach.
 */
class SsoRefusal extends OAuth2AuthenticationException {

    SsoRefusal(String reason, String message) {
        super(new OAuth2Error(reason, message, null), message);
    }
}
