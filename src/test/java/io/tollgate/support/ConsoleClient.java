package io.tollgate.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser session over real HTTP, without JavaScript: keeps cookies, reads CSRF tokens out of pages the
 * way a form would carry them, and calls {@code /v1} with the session like the console's own scripts.
 */
public class ConsoleClient {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    public ConsoleClient(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * A browser connecting from the given loopback address (any of 127.0.0.0/8 works on Linux), so that tests of
     * per-address behaviour each have an address of their own.
     */
    public ConsoleClient(int port, InetAddress localAddress) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).localAddress(localAddress)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Adds this header to every request from now on, such as an {@code X-Forwarded-For} a proxy would set. */
    public ConsoleClient withHeader(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** Submits a form the way the page would: with the CSRF token of the page it came from. */
    public HttpResponse<String> submitForm(String pagePath, String actionPath, Map<String, String> fields) {
        String token = csrfFrom(get(pagePath).body());
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", token);
        return postForm(actionPath, all);
    }

    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> signUp(String organization, String slug, String name, String email, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("organizationName", organization);
        form.put("slug", slug);
        form.put("timeZone", "UTC");
        form.put("displayName", name);
        form.put("email", email);
        form.put("password", password);
        return submitForm("/signup", "/signup", form);
    }

    public HttpResponse<String> signIn(String email, String password) {
        return submitForm("/login", "/login", Map.of("email", email, "password", password));
    }

    /** An API call carrying the session and the CSRF token from a console page's meta tag. */
    public HttpResponse<String> api(String method, String path, String contentType, String body) {
        return send(apiRequest(method, path, contentType, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> api(String method, String path) {
        return send(apiRequest(method, path, null, HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpRequest.Builder apiRequest(String method, String path, String contentType,
                                   HttpRequest.BodyPublisher body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).method(method, body)
                .header("Accept", "application/json")
                .header("X-CSRF-TOKEN", consoleCsrfToken());
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return builder;
    }

    /** What htmx sends for hx-get: the same URL, marked as an htmx request. */
    public HttpResponse<String> htmxGet(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("HX-Request", "true").GET().build());
    }

    /** What htmx sends for hx-post: the CSRF token as a header (console.js adds it from the meta tag). */
    public HttpResponse<String> htmxPost(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("HX-Request", "true")
                .header("X-CSRF-TOKEN", consoleCsrfToken()).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        if (!extraHeaders.isEmpty()) {
            HttpRequest.Builder withExtras = HttpRequest.newBuilder(request,
                    (name, value) -> !extraHeaders.containsKey(name));
            extraHeaders.forEach(withExtras::header);
            request = withExtras.build();
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            ApiContract.check(request, response);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String consoleCsrfToken() {
        Matcher matcher = META_CSRF.matcher(get("/app/members").body());
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF meta tag on the console page");
        }
        return matcher.group(1);
    }

    public static String csrfFrom(String html) {
        Matcher matcher = HIDDEN_CSRF.matcher(html);
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF field in the page");
        }
        return matcher.group(1);
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
