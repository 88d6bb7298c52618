package io.tollgate.audit.internal.retention;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Archives in an S3-compatible bucket, over plain HTTPS with Signature V4 (no SDK): one signed PUT per file and a
 * signed GET to read it back. Path-style addressing by default (MinIO, Ceph); virtual-hosted style for AWS if
 * {@code path-style} is off.
 */
public final class S3ArchiveTarget implements ArchiveTarget {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final AuditProperties.S3 settings;
    private final HttpClient http;
    private final Clock clock;

    public S3ArchiveTarget(AuditProperties.S3 settings, HttpClient http) {
        this(settings, http, Clock.systemUTC());
    }

    public S3ArchiveTarget(AuditProperties.S3 settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        String sha256 = sha256(file);
        HttpResponse<String> response = send("PUT", key, sha256, HttpRequest.BodyPublishers.ofFile(file),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("S3 PUT " + key + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        HttpResponse<InputStream> response = send("GET", key, SigV4.EMPTY_SHA256,
                HttpRequest.BodyPublishers.noBody(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
            return response.body();
        }
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
        }
        if (response.statusCode() == 404) {
            throw new NoSuchFileException(location(key));
        }
        throw new IOException("S3 GET " + key + " answered " + response.statusCode() + ": " + abbreviate(body));
    }

    @Override
    public String location(String folder) {
        return "s3://" + settings.bucket() + "/" + objectKey(folder);
    }

    private <T> HttpResponse<T> send(String method, String key, String payloadSha256,
                                     HttpRequest.BodyPublisher body, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        URI uri = uri(objectKey(key));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", hostHeader(uri));
        headers.put("x-amz-content-sha256", payloadSha256);
        headers.put("x-amz-date", AMZ_DATE.format(clock.instant()));
        String authorization = SigV4.authorization(method, uri, headers, payloadSha256, settings.region(), "s3",
                settings.accessKey(), settings.secretKey());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).method(method, body)
                .header("Authorization", authorization);
        headers.forEach((name, value) -> {
            if (!"host".equals(name)) {
                request.header(name, value);
            }
        });
        try {
            return http.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while talking to S3", e);
        }
    }

    private String objectKey(String key) {
        String prefix = settings.prefix().isEmpty() || settings.prefix().endsWith("/") ? settings.prefix()
                : settings.prefix() + "/";
        return prefix + key;
    }

    URI uri(String objectKey) {
        URI endpoint = settings.endpoint();
        String base = endpoint.toString().replaceAll("/+$", "");
        if (settings.pathStyle()) {
            return URI.create(base + "/" + SigV4.encodeKey(settings.bucket()) + "/" + SigV4.encodeKey(objectKey));
        }
        String authority = settings.bucket() + "." + endpoint.getHost()
                + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
        return URI.create(endpoint.getScheme() + "://" + authority + "/" + SigV4.encodeKey(objectKey));
    }

    /** What java.net.http sends as Host: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(uri.getScheme()) && port == 443)
                || ("http".equals(uri.getScheme()) && port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
