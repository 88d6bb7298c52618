package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** In closed mode nobody creates an organisation through the console. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "tollgate.signup.mode=closed")
@ActiveProfiles("test")
class ClosedSignupTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void the_sign_up_page_says_it_is_closed_and_the_login_page_offers_no_link() {
        ConsoleClient client = new ConsoleClient(port);

        assertThat(client.get("/signup").body()).contains("created by its operators");
        assertThat(client.get("/login").body()).doesNotContain("href=\"/signup\"");
    }

    @Test
    void a_posted_sign_up_creates_nothing() {
        TestAccounts account = TestAccounts.fresh("Closed");
        ConsoleClient client = new ConsoleClient(port);
        String token = ConsoleClient.csrfFrom(client.get("/login").body());

        HttpResponse<String> response = client.postForm("/signup", java.util.Map.of("organizationName",
                account.organization(), "slug", account.slug(), "timeZone", "UTC", "displayName", account.name(),
                "email", account.email(), "password", account.password(), "_csrf", token));

        assertThat(response.uri().getPath()).isEqualTo("/signup");
        assertThat(jdbc.queryForObject("select count(*) from tenants where slug = ?", Long.class, account.slug()))
                .isZero();
    }
}
