package io.tollgate.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CSV quoting, formula neutralisation and reading back with line numbers. */
class CsvTest {

    @Test
    void formula_starts_are_neutralised_and_read_back_unchanged() throws Exception {
        List<String> values = List.of("=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "\tTab", "plain",
                "say \"hi\"", "multi\nline");
        String line = Csv.line(new ArrayList<>(values));
        assertThat(line).startsWith("\"'=HYPERLINK(\"\"http://evil\"\")\",\"'+1\",\"'-2\",\"'@SUM(A1)\",\"'\tTab\"");
        assertThat(Csv.parse(line)).singleElement().satisfies(record -> {
            assertThat(record.line()).isEqualTo(1);
            assertThat(record.fields()).containsExactlyElementsOf(values);
        });
    }

    @Test
    void records_know_the_line_they_start_on() throws Exception {
        List<Csv.Record> records = Csv.parse("a,b\r\n\r\n\"x\ny\",2\nlast,3");
        assertThat(records).extracting(Csv.Record::line).containsExactly(1, 3, 5);
        assertThat(records.get(1).fields()).containsExactly("x\ny", "2");
    }

    @Test
    void malformed_quotes_are_reported_with_their_line() {
        assertThatThrownBy(() -> Csv.parse("a,b\n\"open,2\n"))
                .isInstanceOfSatisfying(Csv.MalformedException.class, e -> assertThat(e.line()).isEqualTo(2));
        assertThatThrownBy(() -> Csv.parse("a,b\nx\"y,2\n"))
                .isInstanceOfSatisfying(Csv.MalformedException.class, e -> assertThat(e.line()).isEqualTo(2));
    }
}
