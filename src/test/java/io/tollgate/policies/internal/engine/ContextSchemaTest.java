package io.tollgate.policies.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tollgate.policies.PolicyEffect;
import org.junit.jupiter.api.Test;

class ContextSchemaTest {

    @Test
    void every_declared_field_is_in_the_reference_with_its_type_and_cost() throws IOException {
        String docs = Files.readString(Path.of("docs/policies.md"));

        assertThat(ContextSchema.fields()).hasSize(32).allSatisfy(field -> {
            String documented = field.variable().equals(ContextSchema.BUDGETS)
                    ? "budgets[]." + field.name() : field.path();
            assertThat(docs).as(documented).contains("`" + documented + "`");
            String row = docs.lines().filter(line -> line.contains("`" + documented + "`")
                    && line.startsWith("|")).findFirst().orElseThrow();
            assertThat(row).as(documented).contains("| " + field.type() + " |")
                    .contains(field.cost() == ContextSchema.Cost.FREE ? "| free |" : "| database |");
        });
    }

    @Test
    void every_declared_field_type_checks_as_documented() {
        for (ContextSchema.Field field : ContextSchema.fields()) {
            String path = field.variable().equals(ContextSchema.BUDGETS) ? "budgets[0]." + field.name()
                    : field.path();
            String condition = switch (field.type()) {
                case "string" -> path + " == 'x'";
                case "int" -> path + " == 1";
                case "double" -> path + " == 1.0";
                case "bool" -> path;
                case "timestamp" -> path + " > timestamp('2026-01-01T00:00:00Z')";
                default -> "size(" + path + ") == 0";
            };
            assertThat(new RuleCompiler().check(Contexts.rule("r", condition, PolicyEffect.MONITOR)))
                    .as(condition).isEmpty();
        }
    }
}
