package io.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The trusted-issuers settings page: add with explained refusals, list, remove. */
@TollgateTest
class TrustedIssuersConsoleTest {

    @LocalServerPort
    int port;

    ConsoleClient owner;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("Issuers").signUp(port);
    }

    @Test
    void an_owner_adds_and_removes_an_issuer_and_bad_input_is_explained() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("issuer", "not a url");
        bad.put("audience", "tollgate");
        bad.put("principalType", "AGENT");
        HttpResponse<String> refused = owner.submitForm("/app/settings/trusted-issuers",
                "/app/settings/trusted-issuers", bad);
        assertThat(refused.body()).contains("The issuer was not added.").contains("absolute https URL");

        Map<String, String> good = new LinkedHashMap<>(bad);
        good.put("issuer", "https://login.example.com/");
        good.put("jwksUri", "https://login.example.com/jwks");
        HttpResponse<String> added = owner.submitForm("/app/settings/trusted-issuers",
                "/app/settings/trusted-issuers", good);
        assertThat(added.body()).contains("are now accepted").contains("https://login.example.com/");

        Matcher remove = Pattern.compile("/app/settings/trusted-issuers/([0-9a-f-]{36})/remove").matcher(added.body());
        assertThat(remove.find()).isTrue();
        HttpResponse<String> removed = owner.submitForm("/app/settings/trusted-issuers",
                "/app/settings/trusted-issuers/" + remove.group(1) + "/remove", Map.of());
        assertThat(removed.body()).contains("are no longer accepted").contains("No issuer is trusted yet.");
    }
}
