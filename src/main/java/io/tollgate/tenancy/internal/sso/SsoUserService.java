package io.tollgate.tenancy.internal.sso;

import io.tollgate.platform.OutboundHttp;
import io.tollgate.platform.TenantId;
import io.tollgate.tenancy.internal.MemberProvisioning;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

/**
 * After Spring Security verified the ID token (signature, issuer, audience, nonce, expiry) and read the userinfo
 * endpoint: admit the person into the tenant whose IdP this is, or refuse them with a reason they can read.
 */
@Component
class SsoUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private static final String UNAVAILABLE = "Single sign-on for this organisation is not available right now.";

    private final OidcUserService oidcUsers = new OidcUserService();
    private final SsoDirectory directory;
    private final SsoAdmission admission;

    SsoUserService(SsoDirectory directory, SsoAdmission admission, OutboundHttp outbound, SsoProperties properties) {
        this.directory = directory;
        this.admission = admission;
        // The userinfo call goes to a tenant-chosen URL: through the outbound-address policy, like every IdP call.
        var userInfo = new DefaultOAuth2UserService();
        var rest = new RestTemplate(outbound.requestFactory(properties.httpTimeout()));
        rest.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        userInfo.setRestOperations(rest);
        oidcUsers.setOauth2UserService(userInfo);
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = oidcUsers.loadUser(request);
        TenantId tenant = TenantClientRegistrations.tenantOf(request.getClientRegistration().getRegistrationId())
                .orElseThrow(() -> new SsoRefusal("sso_unavailable", UNAVAILABLE));
        SsoConfiguration config = directory.forTenant(tenant).filter(SsoConfiguration::enabled)
                .orElseThrow(() -> new SsoRefusal("sso_unavailable", UNAVAILABLE));
        MemberProvisioning.Member member = admission.admit(config, user.getClaims());
        return new SsoPrincipal(user, tenant, member.user(), member.displayName(), config.issuer());
    }
}
