package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.tenancy.internal.OrganizationSignup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** In invite-only mode an organisation needs a single-use code from the operators. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tollgate.signup.mode=invite-only")
@ActiveProfiles("test")
class InviteOnlySignupTest {

    @LocalServerPort
    int port;

    @Autowired
    OrganizationSignup signup;

    @Test
    void sign_up_without_a_code_is_refused_with_a_field_error() {
        HttpResponse<String> page = signUp(TestAccounts.fresh("Nocode"), "");

        assertThat(page.uri().getPath()).isEqualTo("/signup");
        assertThat(page.body()).contains("This sign-up code is not valid or was used.");
    }

    @Test
    void a_code_works_once() {
        String code = signup.issueSignupCode("test");

        HttpResponse<String> first = signUp(TestAccounts.fresh("Coded"), code);
        HttpResponse<String> second = signUp(TestAccounts.fresh("Reused"), code);

        assertThat(first.uri().getPath()).as(first.body()).isEqualTo("/app");
        assertThat(second.uri().getPath()).isEqualTo("/signup");
        assertThat(second.body()).contains("This sign-up code is not valid or was used.");
    }

    private HttpResponse<String> signUp(TestAccounts account, String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("organizationName", account.organization());
        form.put("slug", account.slug());
        form.put("timeZone", "UTC");
        form.put("displayName", account.name());
        form.put("email", account.email());
        form.put("password", account.password());
        form.put("signupCode", code);
        return new ConsoleClient(port).submitForm("/signup", "/signup", form);
    }
}
