package io.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Module boundaries hold (DESIGN: root package is the API, internals stay internal), and the committed module
 * documentation in {@code docs/architecture} is what the code generates. Run with
 * {@code -Dtollgate.architecture.write=true} to rewrite it after a change to the modules.
 */
class ModularityTests {

    static final Path DOCS = Path.of("docs/architecture");

    final ApplicationModules modules = ApplicationModules.of(TollgateApplication.class);

    @Test
    void module_boundaries_are_respected() {
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
                .contains("platform", "tenancy", "identity", "budgets", "policies");
        modules.verify();
    }

    @Test
    void committed_module_documentation_is_what_the_modules_generate(@TempDir Path generated) throws IOException {
        Path target = Boolean.getBoolean("tollgate.architecture.write") ? DOCS : generated;
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(target.toString()))
                .writeDocumentation();

        Map<String, List<String>> expected = linesByFile(target);
        assertThat(expected.keySet()).anyMatch(name -> name.endsWith(".puml")).anyMatch(name -> name.endsWith(".adoc"));
        // The Documenter does not order relations stably between runs, so files are compared as sorted lines.
        assertThat(linesByFile(DOCS))
                .as("docs/architecture is stale: run ModularityTests with -Dtollgate.architecture.write=true")
                .isEqualTo(expected);
    }

    private static Map<String, List<String>> linesByFile(Path folder) throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : paths.toList()) {
                List<String> lines = new ArrayList<>(Files.readAllLines(path));
                lines.sort(null);
                files.put(path.getFileName().toString(), lines);
            }
        }
        return files;
    }
}
