package io.tollgate.audit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tollgate.audit.AuditArchiveVerifier;
import io.tollgate.audit.internal.retention.AuditArchiver;
import io.tollgate.audit.internal.retention.AuditCheckpoints;
import io.tollgate.audit.internal.retention.AuditProperties;
import io.tollgate.audit.internal.retention.S3ArchiveTarget;
import io.tollgate.audit.internal.retention.SigV4;
import io.tollgate.platform.TenantId;
import io.tollgate.support.Databases;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The S3-compatible target: Signature V4 as AWS documents it, and PUT/GET against an in-process fake bucket that
 * checks every signature and payload hash the way S3 does, including an archive verified after its upload.
 */
@TollgateTest
class S3ArchiveTargetTest {

    static final String ACCESS = "AKIDTOLLGATETEST";
    static final String SECRET = "tollgate/test/secret";

    @Autowired
    Environment environment;
    @Autowired
    AuditArchiver archiver;
    @Autowired
    AuditCheckpoints checkpoints;

    @TempDir
    Path temp;

    FakeS3 s3;

    @BeforeEach
    void start() throws IOException {
        s3 = new FakeS3("audit-bucket", ACCESS, SECRET);
    }

    @AfterEach
    void stop() {
        s3.server.stop(0);
    }

    @Test
    void signs_the_get_object_example_of_the_s3_documentation() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Range", "bytes=0-9");
        headers.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
        headers.put("x-amz-date", "20130524T000000Z");

        String authorization = SigV4.authorization("GET", URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
                headers, SigV4.EMPTY_SHA256, "us-east-1", "s3", "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

        assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                + "aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    /** The fake bucket below checks signatures with {@link SigV4}, so SigV4 is pinned to both published examples. */
    @Test
    void signs_the_put_object_example_of_the_s3_documentation() {
        String payloadSha256 = SigV4.sha256Hex("Welcome to Amazon S3.");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Date", "Fri, 24 May 2013 00:00:00 GMT");
        headers.put("x-amz-date", "20130524T000000Z");
        headers.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
        headers.put("x-amz-content-sha256", payloadSha256);

        String authorization = SigV4.authorization("PUT",
                URI.create("https://examplebucket.s3.amazonaws.com/" + SigV4.encodeKey("test$file.text")),
                headers, payloadSha256, "us-east-1", "s3", "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

        assertThat(payloadSha256).isEqualTo("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                + "aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
                + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
    }

    @Test
    void puts_and_reads_back_objects_with_signed_requests() throws Exception {
        S3ArchiveTarget target = target(SECRET, "archives/");
        Path file = Files.writeString(temp.resolve("f.txt"), "hello, bucket");

        target.put("t1/1-10/events.jsonl.gz", file);

        assertThat(s3.objects).containsKey("/audit-bucket/archives/t1/1-10/events.jsonl.gz");
        try (InputStream in = target.open("t1/1-10/events.jsonl.gz")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello, bucket");
        }
        assertThat(target.location("t1/1-10")).isEqualTo("s3://audit-bucket/archives/t1/1-10");
        assertThatThrownBy(() -> target.open("t1/1-10/missing")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> target(SECRET + "-wrong", "").put("x", file)).isInstanceOf(IOException.class)
                .hasMessageContaining("403");
    }

    @Test
    void virtual_hosted_addressing_puts_the_bucket_in_the_host() {
        AuditProperties.S3 settings = new AuditProperties.S3(URI.create("https://s3.eu-central-1.amazonaws.com"),
                "eu-central-1", "audit-bucket", "", ACCESS, SECRET, false);
        S3ArchiveTarget target = new S3ArchiveTarget(settings, HttpClient.newHttpClient());
        assertThat(target.location("t/1-2")).isEqualTo("s3://audit-bucket/t/1-2");
        assertThatThrownBy(() -> new AuditProperties.S3(null, "us-east-1", "b", "", ACCESS, SECRET, true))
                .hasMessageContaining("tollgate.audit.archive.s3.endpoint");
    }

    @Test
    void an_archive_uploaded_to_the_bucket_verifies_when_read_back() throws Exception {
        AuditFixtures fixtures = new AuditFixtures(Databases.of(environment));
        TenantId tenant = fixtures.tenant("s3");
        fixtures.oldEvents(tenant, 12, 365);
        fixtures.oldEvents(tenant, 1, 0);
        AuditArchiver.Result result = archiver.archiveOnce(tenant, new AuditArchiver.Limits(5, 100));
        Path local = archiver.restore(result.folder(), temp.resolve("local"));
        S3ArchiveTarget target = target(SECRET, "");
        try (Stream<Path> files = Files.list(local)) {
            for (Path file : files.toList()) {
                target.put(result.folder() + "/" + file.getFileName(), file);
            }
        }
        String key = checkpoints.checkpointHead(tenant).orElseThrow().publicKey();

        AuditArchiveVerifier.Result verified = AuditArchiveVerifier.verify(
                name -> target.open(result.folder() + "/" + name), key);

        assertThat(verified.intact()).as("%s", verified.problems()).isTrue();
        assertThat(verified.eventsChecked()).isEqualTo(12);
        s3.objects.computeIfPresent("/audit-bucket/" + result.folder() + "/events-000000000006-000000000010.jsonl.gz",
                (k, bytes) -> { bytes[bytes.length / 2] ^= 1; return bytes; });
        assertThat(AuditArchiveVerifier.verify(name -> target.open(result.folder() + "/" + name), key).intact())
                .isFalse();
    }

    private S3ArchiveTarget target(String secret, String prefix) {
        AuditProperties.S3 settings = new AuditProperties.S3(URI.create("http://localhost:" + s3.port()),
                "us-east-1", "audit-bucket", prefix, ACCESS, secret, true);
        return new S3ArchiveTarget(settings, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    /** A bucket in memory that, like S3, refuses requests whose signature or payload hash does not match. */
    static final class FakeS3 {

        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        final HttpServer server;
        private final String accessKey;
        private final String secretKey;

        FakeS3(String bucket, String accessKey, String secretKey) throws IOException {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/" + bucket + "/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String payloadHash = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
                Map<String, String> signed = new LinkedHashMap<>();
                signed.put("host", exchange.getRequestHeaders().getFirst("Host"));
                signed.put("x-amz-content-sha256", payloadHash);
                signed.put("x-amz-date", exchange.getRequestHeaders().getFirst("x-amz-date"));
                URI uri = URI.create("http://" + signed.get("host") + exchange.getRequestURI().getRawPath());
                String expected = SigV4.authorization(exchange.getRequestMethod(), uri, signed, payloadHash,
                        "us-east-1", "s3", accessKey, secretKey);
                String path = exchange.getRequestURI().getPath();
                if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    respond(exchange, 403, "<Error><Code>SignatureDoesNotMatch</Code></Error>".getBytes());
                } else if ("PUT".equals(exchange.getRequestMethod())) {
                    if (!payloadHash.equals(sha256(body))) {
                        respond(exchange, 400, "<Error><Code>XAmzContentSHA256Mismatch</Code></Error>".getBytes());
                        return;
                    }
                    objects.put(path, body);
                    respond(exchange, 200, new byte[0]);
                } else if ("GET".equals(exchange.getRequestMethod()) && objects.containsKey(path)) {
                    respond(exchange, 200, objects.get(path));
                } else {
                    respond(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>".getBytes());
                }
            }
        }

        private static String sha256(byte[] body) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(body));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }
}
