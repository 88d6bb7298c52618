package io.tollgate.audit.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One person's browser session over real HTTP, without JavaScript (cookies, CSRF tokens read from the pages), plus
 * the headers htmx would send when asked to.
 */
final class AuditConsoleClient {

    static final String STRONG_PASSWORD = "correct-horse-battery-staple-42";

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("\"link\":\"(http[^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("name=\"version\"[^>]*value=\"(\\d+)\"");

    private final String base;
    private final HttpClient http;
    private String organization = "";

    AuditConsoleClient(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A new organisation with its owner signed in; unique names so tests sharing the database never collide. */
    static AuditConsoleClient signUp(int port, String label, String ownerName) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        AuditConsoleClient client = new AuditConsoleClient(port);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("organizationName", label + " Inc " + suffix);
        form.put("slug", label.toLowerCase() + "-" + suffix);
        form.put("timeZone", "UTC");
        form.put("displayName", ownerName);
        form.put("email", label.toLowerCase() + "-" + suffix + "@example.com");
        form.put("password", STRONG_PASSWORD);
        client.organization = form.get("organizationName");
        HttpResponse<String> response = client.submitForm("/signup", "/signup", form);
        if (response.statusCode() != 200 || !response.uri().getPath().startsWith("/app")) {
            throw new IllegalStateException("sign-up failed: " + response.statusCode() + " " + response.uri());
        }
        return client;
    }

    /** The name the organisation was signed up with. */
    String organization() {
        return organization;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** What htmx sends for hx-get: the same URL, marked as an htmx request. */
    HttpResponse<String> htmxGet(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("HX-Request", "true").GET().build());
    }

    /** What htmx sends for hx-post: the CSRF token as a header (console.js adds it from the meta tag). */
    HttpResponse<String> htmxPost(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("HX-Request", "true")
                .header("X-CSRF-TOKEN", consoleCsrfToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Submits a form the way the page would: with the CSRF token of the page it came from. */
    HttpResponse<String> submitForm(String pagePath, String actionPath, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrfFrom(get(pagePath).body()));
        return postForm(actionPath, all);
    }

    HttpResponse<String> postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
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
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/invitations"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", consoleCsrfToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}"))
                .build());
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

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String consoleCsrfToken() {
        Matcher matcher = META_CSRF.matcher(get("/app").body());
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF meta tag on the console page");
        }
        return matcher.group(1);
    }

    static String csrfFrom(String html) {
        Matcher matcher = HIDDEN_CSRF.matcher(html);
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF field in the page");
        }
        return matcher.group(1);
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
