package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TestClock;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Console sessions: a new id at sign-in, cookie flags, absolute timeout, sign out everywhere, htmx-aware expiry. */
@TollgateTest
class SessionLifecycleTest {

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    TestAccounts account;

    @BeforeEach
    void signUp() {
        account = TestAccounts.fresh("Sessions");
        account.signUp(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void signing_in_issues_a_new_session_id_in_an_http_only_same_site_cookie() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
        String login = http.send(HttpRequest.newBuilder(uri("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String before = sessionCookie(cookies);

        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + ConsoleClient.urlEncode(account.email())
                        + "&password=" + ConsoleClient.urlEncode(account.password()) + "&_csrf="
                        + ConsoleClient.urlEncode(ConsoleClient.csrfFrom(login)))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/app"));
        assertThat(sessionCookie(cookies)).isNotNull().isNotEqualTo(before);
        assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("TOLLGATE_SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
    }

    @Test
    void a_session_ends_at_the_absolute_timeout_even_while_in_use() {
        ConsoleClient client = new ConsoleClient(port);
        client.signIn(account.email(), account.password());
        assertThat(client.get("/app").uri().getPath()).isEqualTo("/app");

        clock.advance(Duration.ofHours(11));
        assertThat(client.get("/app").uri().getPath()).isEqualTo("/app");
        clock.advance(Duration.ofHours(1).plusMinutes(1));

        HttpResponse<String> expired = client.get("/app");
        assertThat(expired.uri().getPath()).isEqualTo("/login");
        assertThat(expired.uri().getQuery()).isEqualTo("expired");
        assertThat(expired.body()).contains("Your");
    }

    @Test
    void sign_out_everywhere_ends_the_other_sessions_and_htmx_requests_redirect_the_whole_page() {
        ConsoleClient laptop = new ConsoleClient(port);
        laptop.signIn(account.email(), account.password());
        ConsoleClient phone = new ConsoleClient(port);
        phone.signIn(account.email(), account.password());
        assertThat(phone.get("/app/members").uri().getPath()).isEqualTo("/app/members");

        HttpResponse<String> signedOut = laptop.submitForm("/app", "/app/account/sign-out-everywhere", Map.of());

        assertThat(signedOut.uri().getPath()).isEqualTo("/login");
        assertThat(signedOut.body()).contains("signed out on every device");
        HttpResponse<String> htmx = phone.htmxGet("/app/members");
        assertThat(htmx.statusCode()).isEqualTo(401);
        assertThat(htmx.headers().firstValue("HX-Redirect")).contains("/login?expired");
        assertThat(phone.get("/app/members").uri().getPath()).isEqualTo("/login");
        assertThat(laptop.get("/app").uri().getPath()).isEqualTo("/login");

        ConsoleClient again = new ConsoleClient(port);
        again.signIn(account.email(), account.password());
        assertThat(again.get("/app").uri().getPath()).isEqualTo("/app");
        assertThat(again.api("GET", "/v1/audit-events?action=auth.signed_out_everywhere").body())
                .contains("auth.signed_out_everywhere");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String sessionCookie(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("TOLLGATE_SESSION"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }
}
