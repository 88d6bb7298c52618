package io.tollgate.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.Map;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Password sign-in is throttled per account (against guessing one password) and per client address (against
 * stuffing many accounts), before the password is even checked; the e-mail step (home-realm look-up) has a quota of
 * its own per address.
 */
@TollgateTest
@TestPropertySource(properties = {"tollgate.rate-limits.sign-in.account=3/1h",
        "tollgate.rate-limits.sign-in.address=8/1h", "tollgate.rate-limits.sign-in.lookup=2/1h"})
class SignInThrottleTest {

    @LocalServerPort
    int port;

    @Test
    void an_account_and_then_an_address_over_their_quota_are_told_to_wait() {
        TestAccounts victim = TestAccounts.fresh("Victim");
        victim.signUp(port);
        TestAccounts bystander = TestAccounts.fresh("Bystander");
        bystander.signUp(port);
        ConsoleClient attacker = new ConsoleClient(port);

        for (int i = 0; i < 3; i++) {
            assertThat(attacker.signIn(victim.email(), "wrong-password-" + i).uri().getQuery()).isEqualTo("error");
        }
        HttpResponse<String> throttled = new ConsoleClient(port).signIn(victim.email(), victim.password());

        assertThat(throttled.uri().getPath()).isEqualTo("/login");
        assertThat(throttled.uri().getQuery()).matches("throttled=\\d+");
        assertThat(throttled.body()).contains("Too many sign-in attempts").contains("seconds");

        HttpResponse<String> other = new ConsoleClient(port).signIn(bystander.email(), bystander.password());
        assertThat(other.uri().getPath()).startsWith("/app");

        for (int i = 0; i < 4; i++) {
            attacker.signIn("nobody-" + i + "@example.com", "guess");
        }
        HttpResponse<String> fromSameAddress = new ConsoleClient(port).signIn(bystander.email(), bystander.password());
        assertThat(fromSameAddress.uri().getQuery()).matches("throttled=\\d+");
    }

    @Test
    void a_rotating_forwarded_address_does_not_escape_the_address_quota() throws Exception {
        // An address of its own, so the other test's spent quota on 127.0.0.1 does not count here.
        ConsoleClient attacker = new ConsoleClient(port, InetAddress.getByName("127.0.0.23"));
        int throttled = 0;
        for (int i = 0; i < 40; i++) {
            attacker.withHeader("X-Forwarded-For", "10.0." + (i / 250) + "." + (i % 250 + 1));
            HttpResponse<String> attempt = attacker.signIn("rotating-" + i + "@example.com", "guess");
            if (attempt.uri().getQuery().startsWith("throttled=")) {
                throttled++;
            }
        }

        assertThat(throttled).as("attempts over the address quota of 8").isEqualTo(32);
    }

    @Test
    void the_e_mail_step_over_its_quota_says_how_long_to_wait_and_leaves_password_sign_in_alone() throws Exception {
        TestAccounts member = TestAccounts.fresh("Looker");
        member.signUp(port);
        ConsoleClient client = new ConsoleClient(port, InetAddress.getByName("127.0.0.24"));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> passwordStep = client.submitForm("/login", "/login/continue",
                    Map.of("email", "lookup-" + i + "@example.com"));
            assertThat(passwordStep.statusCode()).isEqualTo(200);
            assertThat(passwordStep.body()).contains("name=\"password\"");
        }

        HttpResponse<String> throttled = client.submitForm("/login", "/login/continue",
                Map.of("email", member.email()));

        assertThat(throttled.uri().getPath()).isEqualTo("/login");
        assertThat(throttled.uri().getQuery()).matches("throttled=\\d+");
        assertThat(throttled.body()).contains("Too many sign-in attempts");
        HttpResponse<String> redirect = throttled.previousResponse().orElseThrow();
        assertThat(redirect.headers().firstValue("Retry-After").orElseThrow())
                .isEqualTo(throttled.uri().getQuery().substring("throttled=".length()));
        HttpResponse<String> signedIn = client.signIn(member.email(), member.password());
        assertThat(signedIn.uri().getPath()).as("look-ups do not spend the password quota").startsWith("/app");
    }
}
