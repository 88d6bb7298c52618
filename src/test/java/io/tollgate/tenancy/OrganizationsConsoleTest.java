package io.tollgate.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A signed-in person opens further organisations and edits settings without overwriting a newer change. */
@TollgateTest
class OrganizationsConsoleTest {

    @LocalServerPort
    int port;

    @Test
    void a_signed_in_person_opens_a_second_organisation_and_works_in_it() {
        TestAccounts first = TestAccounts.fresh("Firstorg");
        ConsoleClient client = first.signUp(port);
        TestAccounts second = TestAccounts.fresh("Secondorg");

        HttpResponse<String> created = client.submitForm("/app/organizations", "/app/organizations", Map.of(
                "organizationName", second.organization(), "slug", second.slug(), "timeZone", "Europe/Berlin"));

        assertThat(created.uri().getPath()).isEqualTo("/app");
        assertThat(client.api("GET", "/v1/organization").body()).contains(second.slug()).contains("Europe/Berlin");
        assertThat(client.get("/app/organizations").body()).contains(first.organization()).contains(second.organization());
    }

    @Test
    void a_taken_address_for_a_new_organisation_is_a_field_error() {
        TestAccounts first = TestAccounts.fresh("Takenorg");
        ConsoleClient client = first.signUp(port);

        HttpResponse<String> page = client.submitForm("/app/organizations", "/app/organizations", Map.of(
                "organizationName", "Another", "slug", first.slug(), "timeZone", "UTC"));

        assertThat(page.uri().getPath()).isEqualTo("/app/organizations");
        assertThat(page.body()).contains("field-error").contains("This organisation address is taken");
    }

    @Test
    void saving_settings_from_a_stale_form_is_refused_with_a_message() {
        ConsoleClient client = TestAccounts.fresh("Staleform").signUp(port);
        String staleForm = client.get("/app/settings/organization").body();
        String token = ConsoleClient.csrfFrom(staleForm);
        client.postForm("/app/settings/organization", Map.of("name", "Newer Name", "timeZone", "UTC",
                "version", "0", "_csrf", token));

        HttpResponse<String> page = client.postForm("/app/settings/organization", Map.of("name", "Older Name",
                "timeZone", "UTC", "version", "0", "_csrf", token));

        assertThat(page.body()).contains("changed by someone else");
        assertThat(client.api("GET", "/v1/organization").body()).contains("Newer Name");
    }

    @Test
    void a_viewer_cannot_change_settings() {
        TestAccounts owner = TestAccounts.fresh("Viewerorg");
        ConsoleClient ownerClient = owner.signUp(port);
        String body = ownerClient.api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"viewer-" + owner.slug() + "@example.com\",\"role\":\"VIEWER\"}").body();
        String path = java.net.URI.create(body.replaceAll(".*\"link\":\"([^\"]+)\".*", "$1")).getPath();
        ConsoleClient viewer = new ConsoleClient(port);
        viewer.submitForm(path, path, Map.of("displayName", "Viv", "password", TestAccounts.STRONG_PASSWORD));

        String settings = viewer.get("/app/settings/organization").body();
        HttpResponse<String> attempt = viewer.postForm("/app/settings/organization", Map.of("name", "Viewer Was Here",
                "timeZone", "UTC", "version", "0", "_csrf", viewer.consoleCsrfToken()));

        assertThat(settings).doesNotContain("data-testid=\"save-organization\"");
        assertThat(attempt.statusCode()).isEqualTo(403);
        assertThat(ownerClient.api("GET", "/v1/organization").body()).doesNotContain("Viewer Was Here");
    }
}
