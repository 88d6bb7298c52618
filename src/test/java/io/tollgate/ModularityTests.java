package io.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Module boundaries hold (DESIGN: root package is the API, internals stay internal), and the docs are current. */
class ModularityTests {

    static final String DOCS = "docs/architecture";

    final ApplicationModules modules = ApplicationModules.of(TollgateApplication.class);

    @Test
    void module_boundaries_are_respected() {
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
                .contains("platform", "tenancy");
        modules.verify();
    }

    @Test
    void writes_module_documentation_to_docs_architecture() throws IOException {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(DOCS)).writeDocumentation();

        try (Stream<Path> files = Files.list(Path.of(DOCS))) {
            List<String> names = files.map(path -> path.getFileName().toString()).toList();
            assertThat(names).anyMatch(name -> name.endsWith(".puml"));
            assertThat(names).anyMatch(name -> name.endsWith(".adoc"));
        }
    }
}
