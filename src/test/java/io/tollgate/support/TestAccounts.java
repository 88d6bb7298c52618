package io.tollgate.support;

import java.util.UUID;

/** Unique names per test, so tests sharing one database never collide. */
public record TestAccounts(String organization, String slug, String name, String email, String password) {

    public static final String STRONG_PASSWORD = "correct-horse-battery-staple-42";

    public static TestAccounts fresh(String label) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new TestAccounts(label + " Inc " + suffix, label.toLowerCase() + "-" + suffix, label + " Owner",
                label.toLowerCase() + "-" + suffix + "@example.com", STRONG_PASSWORD);
    }

    public ConsoleClient signUp(int port) {
        return signUp(new ConsoleClient(port));
    }

    public ConsoleClient signUp(ConsoleClient client) {
        var response = client.signUp(organization, slug, name, email, password);
        if (response.statusCode() != 200 || !response.uri().getPath().startsWith("/app")) {
            throw new IllegalStateException("sign-up failed: " + response.statusCode() + " " + response.uri());
        }
        return client;
    }
}
