package io.tollgate.audit.web;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;

/**
 * One person's browser session over real HTTP, without JavaScript (cookies, CSRF tokens read from the pages), plus
 * the headers htmx would send when asked to.
 */
final class AuditConsoleClient extends ConsoleClient {

    static final String STRONG_PASSWORD = TestAccounts.STRONG_PASSWORD;

    private static final Pattern LINK = Pattern.compile("\"link\":\"(http[^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("name=\"version\"[^>]*value=\"(\\d+)\"");

    private String organization = "";

    AuditConsoleClient(int port) {
        super(port);
    }

    /** A new organisation with its owner signed in; unique names so tests sharing the database never collide. */
    static AuditConsoleClient signUp(int port, String label, String ownerName) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        AuditConsoleClient client = new AuditConsoleClient(port);
        client.organization = label + " Inc " + suffix;
        HttpResponse<String> response = client.signUp(client.organization, label.toLowerCase() + "-" + suffix,
                ownerName, label.toLowerCase() + "-" + suffix + "@example.com", STRONG_PASSWORD);
        if (response.statusCode() != 200 || !response.uri().getPath().startsWith("/app")) {
            throw new IllegalStateException("sign-up failed: " + response.statusCode() + " " + response.uri());
        }
        return client;
    }

    /** The name the organisation was signed up with. */
    String organization() {
        return organization;
    }

    /** Renames the current organisation through the settings form. */
    HttpResponse<String> rename(String newName) {
        String page = get("/app/settings/organization").body();
        Matcher version = VERSION.matcher(page);
        if (!version.find()) {
            throw new IllegalStateException("no version field on the settings page");
        }
        return postForm("/app/settings/organization", Map.of("name", newName, "timeZone", "UTC",
                "version", version.group(1), "_csrf", csrfFrom(page)));
    }

    /** Issues an invitation through the API and answers the invitation link's path. */
    String invite(String email, String role) {
        HttpResponse<String> response = api("POST", "/v1/invitations", "application/json",
                "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("invitation failed: " + response.statusCode() + " " + response.body());
        }
        Matcher link = LINK.matcher(response.body());
        if (!link.find()) {
            throw new IllegalStateException("no link in " + response.body());
        }
        return URI.create(link.group(1)).getPath();
    }

    /** A new person accepts an invitation and is signed in to the inviting organisation. */
    static AuditConsoleClient accept(int port, String invitationPath, String displayName) {
        AuditConsoleClient client = new AuditConsoleClient(port);
        HttpResponse<String> accepted = client.submitForm(invitationPath, invitationPath,
                Map.of("displayName", displayName, "password", STRONG_PASSWORD));
        if (!accepted.uri().getPath().equals("/app")) {
            throw new IllegalStateException("acceptance failed: " + accepted.statusCode() + " " + accepted.uri());
        }
        return client;
    }
}
