package io.tollgate.platform;

import static io.tollgate.platform.OutboundAddressPolicyTest.assertRefused;

import java.util.UUID;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.ProductionNetworkingTest;
import io.tollgate.support.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Under the default outbound policy (nothing allowed by the operator), loopback is refused like any internal address. */
@ProductionNetworkingTest
class OutboundDefaultPolicyTest {

    @LocalServerPort
    int port;

    ConsoleClient owner;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Loopback").signUp(port);
    }

    @Test
    void a_loopback_issuer_is_refused_for_trusted_issuers_and_sso() {
        for (String issuer : new String[] {"http://127.0.0.1:9/realm", "http://localhost:9/realm", "http://[::1]:9/"}) {
            assertRefused(owner.api("POST", "/v1/trusted-issuers", "application/json", "{\"issuer\":\"" + issuer
                    + "\",\"audience\":\"tollgate\",\"principal_type\":\"AGENT\"}"), "issuer", "loopback");
            assertRefused(owner.api("PUT", "/v1/sso-configuration", "application/json", "{\"issuer\":\"" + issuer
                    + "\",\"client_id\":\"tollgate\",\"client_secret\":\"secret-" + UUID.randomUUID()
                    + "\",\"allowed_domains\":[\"loop-" + UUID.randomUUID().toString().substring(0, 8)
                    + ".example\"],\"default_role\":\"VIEWER\",\"jit_enabled\":true,\"sso_required\":false,"
                    + "\"enabled\":false}"), "issuer", "loopback");
        }
    }
}
