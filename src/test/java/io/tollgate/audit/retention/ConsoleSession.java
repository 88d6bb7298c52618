package io.tollgate.audit.retention;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TestAccounts;

/** The shared console client plus what the retention tests need: sign-up by label, posts with the console token. */
final class ConsoleSession extends ConsoleClient {

    static final String PASSWORD = TestAccounts.STRONG_PASSWORD;

    ConsoleSession(int port) {
        super(port);
    }

    /** Signs up a fresh organisation; returns its slug. */
    String signUp(String label) {
        String slug = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = signUp(label + " Inc " + slug.substring(slug.length() - 8), slug,
                label + " Owner", slug + "@example.com", PASSWORD);
        if (response.statusCode() != 200 || !response.uri().getPath().startsWith("/app")) {
            throw new IllegalStateException("sign-up failed: " + response.statusCode() + " " + response.uri());
        }
        return slug;
    }

    /** A form post with a CSRF token taken from any console page (for pages this session may not open). */
    HttpResponse<String> postWithConsoleToken(String actionPath, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", consoleCsrfToken());
        return postForm(actionPath, all);
    }

    HttpResponse<String> api(String path) {
        return api("GET", path);
    }
}
