package io.tollgate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tollgate.identity.BearerFixtures;
import io.tollgate.support.ApiContract;
import io.tollgate.support.ConsoleClient;
import io.tollgate.support.TollgateTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** What docs/ promises about the wire is what the OpenAPI document (and so the running API) says. */
@TollgateTest
class DocumentationMatchesApiTest {

    private static final Pattern TTL_RANGE = Pattern.compile("`?ttl_seconds`?\"?\\??\\s*\\((\\d+)–(\\d+)");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    @LocalServerPort
    int port;

    @Test
    void the_ttl_range_of_a_reservation_is_the_same_in_the_docs_and_the_api() throws IOException {
        JsonNode ttl = schemas().get("ReserveBody").get("properties").get("ttl_seconds");
        int minimum = ttl.get("minimum").asInt();
        int maximum = ttl.get("maximum").asInt();

        for (String doc : List.of("docs/reservations.md", "docs/api/README.md")) {
            List<String> reservationLines = Files.readAllLines(Path.of(doc)).stream()
                    .filter(line -> line.contains("/v1/reservations") && TTL_RANGE.matcher(line).find()).toList();
            assertThat(reservationLines).as(doc + " states the ttl_seconds range of reservations").isNotEmpty();
            for (String line : reservationLines) {
                Matcher range = TTL_RANGE.matcher(line);
                while (range.find()) {
                    assertThat(List.of(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2))))
                            .as(doc + ": " + range.group()).containsExactly(minimum, maximum);
                }
            }
        }
        assertThat(schemas().get("ExtendBody").get("properties").get("ttl_seconds").get("minimum").asInt())
                .isEqualTo(minimum);
    }

    @Test
    void the_reservation_shown_in_the_docs_is_one_the_api_could_answer() throws IOException {
        Matcher blocks = JSON_BLOCK.matcher(Files.readString(Path.of("docs/reservations.md")));
        int checked = 0;
        while (blocks.find()) {
            String example = blocks.group(1);
            if (!example.contains("\"id\":\"rsv_")) {
                continue;
            }
            checked++;
            assertThat(ApiContract.problems("GET", URI.create("http://localhost:" + port
                    + "/v1/reservations/rsv_01933b2a4c7e7f0a8d2b6c1e5f4a3b2c"), 200, "application/json", example))
                    .as(example).isEmpty();
        }
        assertThat(checked).isPositive();
    }

    @Test
    void the_architecture_page_describes_the_modules_and_doors_of_today() throws IOException {
        String architecture = Files.readString(Path.of("docs/architecture.md"));
        List<String> modules;
        try (Stream<Path> packages = Files.list(Path.of("src/main/java/io/tollgate"))) {
            modules = packages.filter(p -> Files.exists(p.resolve("package-info.java")))
                    .map(p -> p.getFileName().toString()).toList();
        }

        assertThat(modules).contains("identity", "budgets", "audit", "pricing");
        for (String module : modules) {
            assertThat(architecture).as(module).containsPattern("\\| `" + module + "` \\| present \\|");
        }
        String v1Door = architecture.lines().filter(line -> line.startsWith("| `/v1/**`")).findFirst().orElseThrow();
        assertThat(v1Door).contains("API key").contains("JWT").doesNotContain("come with the `identity` module");
    }

    private JsonNode schemas() {
        return BearerFixtures.json(new ConsoleClient(port).get("/v3/api-docs")).get("components").get("schemas");
    }
}
