package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Bad sign-up input comes back as field errors on the form, with no internals. */
@TollgateTest
class SignUpValidationTest {

    @LocalServerPort
    int port;

    @Test
    void invalid_email_is_a_field_error() {
        TestAccounts account = TestAccounts.fresh("Mail");

        HttpResponse<String> page = new ConsoleClient(port).signUp(account.organization(), account.slug(),
                account.name(), "not-an-email", account.password());

        assertFormError(page, "Enter a valid e-mail address.");
    }

    @Test
    void weak_password_is_a_field_error() {
        TestAccounts account = TestAccounts.fresh("Weak");

        HttpResponse<String> page = new ConsoleClient(port).signUp(account.organization(), account.slug(),
                account.name(), account.email(), "password1234");

        assertFormError(page, "too easy to guess");
    }

    @Test
    void short_password_is_a_field_error() {
        TestAccounts account = TestAccounts.fresh("Short");

        HttpResponse<String> page = new ConsoleClient(port).signUp(account.organization(), account.slug(),
                account.name(), account.email(), "short");

        assertFormError(page, "at least 12 characters");
    }

    @Test
    void duplicate_slug_is_a_field_error() {
        TestAccounts first = TestAccounts.fresh("Dup");
        first.signUp(port);
        TestAccounts second = TestAccounts.fresh("Dup2");

        HttpResponse<String> page = new ConsoleClient(port).signUp(second.organization(), first.slug(),
                second.name(), second.email(), second.password());

        assertFormError(page, "This organisation address is taken");
    }

    @Test
    void badly_formed_slug_is_a_field_error() {
        TestAccounts account = TestAccounts.fresh("Slug");

        HttpResponse<String> page = new ConsoleClient(port).signUp(account.organization(), "-Bad Slug-",
                account.name(), account.email(), account.password());

        assertFormError(page, "lower-case letters");
    }

    @Test
    void existing_email_is_a_field_error() {
        TestAccounts first = TestAccounts.fresh("Email");
        first.signUp(port);
        TestAccounts second = TestAccounts.fresh("Email2");

        HttpResponse<String> page = new ConsoleClient(port).signUp(second.organization(), second.slug(),
                second.name(), first.email(), second.password());

        assertFormError(page, "An account with this e-mail exists");
    }

    @Test
    void valid_sign_up_lands_in_the_console_of_the_new_organisation() {
        TestAccounts account = TestAccounts.fresh("Valid");

        ConsoleClient client = account.signUp(port);

        assertThat(client.api("GET", "/v1/organization").body()).contains("\"slug\":\"" + account.slug() + "\"");
        assertThat(client.get("/app").body()).contains(account.organization());
    }

    private static void assertFormError(HttpResponse<String> page, String message) {
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/signup");
        assertThat(page.body()).contains("field-error").contains(message);
        ApiProblemDetailsTest.assertNoInternals(page.body());
    }
}
