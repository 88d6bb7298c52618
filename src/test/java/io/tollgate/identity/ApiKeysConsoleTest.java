package io.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.Databases;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/** The console's API keys page over real HTTP: issue (secret once), bad input, rotate, revoke. */
@TollgateTest
class ApiKeysConsoleTest {

    private static final Pattern SECRET = Pattern.compile("value=\"(tg_live_[a-z0-9]{16}_[A-Za-z0-9_-]{43})\"");

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    ConsoleClient owner;
    BearerFixtures fixtures;
    BearerFixtures.Agent agent;

    @BeforeEach
    void setUp() {
        owner = TestAccounts.fresh("KeysPage").signUp(port);
        fixtures = new BearerFixtures(port, Databases.of(environment));
        agent = fixtures.agentIn(BearerFixtures.tenantOf(owner));
    }

    @Test
    void issuing_shows_the_secret_once_and_the_list_never_shows_it() {
        HttpResponse<String> issued = issue("console bot", "read");

        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        String secret = secretIn(issued.body());
        assertThat(fixtures.call(secret, "GET", "/v1/organization").statusCode()).isEqualTo(200);
        String list = owner.get("/app/api-keys").body();
        assertThat(list).contains("console bot").doesNotContain(secret.substring(25));
    }

    @Test
    void bad_input_is_explained_next_to_the_field_and_issues_nothing() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("agentId", agent.id().toString());
        form.put("name", "");
        form.put("allowedCidrs", "not-an-address");
        HttpResponse<String> response = owner.submitForm("/app/api-keys", "/app/api-keys", form);

        assertThat(response.body()).contains("The key was not issued.").contains("Give the key a name")
                .contains("Choose at least one scope.");
        assertThat(owner.get("/app/api-keys").body()).contains("No keys yet.");
    }

    @Test
    void rotate_and_revoke_from_the_console() {
        String first = secretIn(issue("rotating bot", "read").body());
        String keyId = keyIdOnPage();

        HttpResponse<String> rotated = owner.submitForm("/app/api-keys", "/app/api-keys/" + keyId + "/rotate",
                Map.of("overlapHours", "0"));

        assertThat(rotated.body()).contains("Key rotated; the old key no longer works.");
        String second = secretIn(rotated.body());
        assertThat(fixtures.call(first, "GET", "/v1/organization").statusCode()).isEqualTo(401);
        assertThat(fixtures.call(second, "GET", "/v1/organization").statusCode()).isEqualTo(200);

        String newKeyId = keyIdOnPage();
        HttpResponse<String> revoked = owner.submitForm("/app/api-keys", "/app/api-keys/" + newKeyId + "/revoke",
                Map.of());

        assertThat(revoked.body()).contains("is revoked");
        assertThat(fixtures.call(second, "GET", "/v1/organization").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> issue(String name, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("agentId", agent.id().toString());
        form.put("name", name);
        form.put("scopes", scope);
        return owner.submitForm("/app/api-keys", "/app/api-keys", form);
    }

    /** The id of the newest active key, read off its revoke form. */
    private String keyIdOnPage() {
        Matcher matcher = Pattern.compile("/app/api-keys/([0-9a-f-]{36})/revoke").matcher(owner.get("/app/api-keys").body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String secretIn(String html) {
        Matcher matcher = SECRET.matcher(html);
        assertThat(matcher.find()).as("secret on the page").isTrue();
        return matcher.group(1);
    }
}
