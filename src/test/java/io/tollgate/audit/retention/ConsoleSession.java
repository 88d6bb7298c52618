package io.tollgate.audit.retention;

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

/** A browser-like session over real HTTP (cookies, CSRF from pages), enough for the retention page and the API. */
final class ConsoleSession {

    static final String PASSWORD = "correct-horse-battery-staple-42";

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;

    ConsoleSession(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Signs up a fresh organisation; returns its slug. */
    String signUp(String label) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String slug = label + "-" + suffix;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("organizationName", label + " Inc " + suffix);
        form.put("slug", slug);
        form.put("timeZone", "UTC");
        form.put("displayName", label + " Owner");
        form.put("email", slug + "@example.com");
        form.put("password", PASSWORD);
        HttpResponse<String> response = submitForm("/signup", "/signup", form);
        if (response.statusCode() != 200 || !response.uri().getPath().startsWith("/app")) {
            throw new IllegalStateException("sign-up failed: " + response.statusCode() + " " + response.uri());
        }
        return slug;
    }

    HttpResponse<String> signIn(String email, String password) {
        return submitForm("/login", "/login", Map.of("email", email, "password", password));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    HttpResponse<String> submitForm(String pagePath, String actionPath, Map<String, String> fields) {
        Matcher matcher = HIDDEN_CSRF.matcher(get(pagePath).body());
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF field on " + pagePath);
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", matcher.group(1));
        String body = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + actionPath))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A form post with a CSRF token taken from any console page (for pages this session may not open). */
    HttpResponse<String> postWithConsoleToken(String actionPath, Map<String, String> fields) {
        Matcher matcher = META_CSRF.matcher(get("/app/members").body());
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF meta tag on the console page");
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", matcher.group(1));
        String body = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + actionPath))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> api(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json").GET()
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
