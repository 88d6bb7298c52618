package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The published OpenAPI document; also written to target/openapi.json for the linter in .ci/run. */
@TollgateTest
class OpenApiDocumentTest {

    @LocalServerPort
    int port;

    @Test
    void the_document_is_written_for_the_linter() throws IOException {
        HttpResponse<String> document = new ConsoleClient(port).get("/v3/api-docs");

        assertThat(document.statusCode()).isEqualTo(200);
        Path file = Path.of("target", "openapi.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, document.body(), StandardCharsets.UTF_8);
        assertThat(file).isNotEmptyFile();
    }
}
