package io.tollgate.tenancy.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.tollgate.platform.RateLimitOutcome;
import io.tollgate.platform.RateLimits;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.ui.ExtendedModelMap;

/** The e-mail step counts against the address's look-up quota before it looks anything up. */
class LoginContinueThrottleTest {

    @Test
    void over_the_quota_the_e_mail_step_says_how_long_to_wait_and_routes_nowhere() {
        List<String> counted = new ArrayList<>();
        RateLimits exhausted = new RateLimits() {
            @Override
            public RateLimitOutcome signInAttempt(String account, String address) {
                throw new AssertionError("the e-mail step must not count as a password attempt");
            }

            @Override
            public RateLimitOutcome homeRealmLookup(String address) {
                counted.add("look-up from " + address);
                return new RateLimitOutcome(false, 42, "", "");
            }
        };
        // No sign-up, sign-in or SSO policy: a throttled request must not reach any of them.
        var controller = new PublicPagesController(null, null, null, exhausted);
        var request = new MockHttpServletRequest("POST", "/login/continue");
        request.setRemoteAddr("203.0.113.7");
        var response = new MockHttpServletResponse();

        String view = controller.continueSignIn(" ada@example.org ", request, response, new ExtendedModelMap());

        assertThat(view).isEqualTo("redirect:/login?throttled=42");
        assertThat(response.getHeader("Retry-After")).isEqualTo("42");
        assertThat(counted).containsExactly("look-up from 203.0.113.7");
    }
}
