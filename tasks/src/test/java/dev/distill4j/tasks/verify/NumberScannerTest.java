package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberScannerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1,234,567      | 1234567",
            "1 234 567      | 1234567",
            "1_234          | 1234",
            "1\u00A0234     | 1234",
            "+42            | 42",
            "-42            | -42",
            "−42            | -42",
            "٤٢             | 42",
            "４２            | 42",
            "𝟒𝟐             | 42",
            "007            | 7",
            "-0             | 0",
            "1,234.50       | 1234.5",
            ".5             | 0.5",
            "1.5e3          | 1.5e3",
            "2E-04          | 2e-4",
            "3/4            | 3/4",
            "12%            | 12%",
            "$56.78.        | 56.78"})
    void should_read_a_number_as_models_write_it(String text, String canonical) {
        assertThat(tokens(text)).extracting(NumberToken::canonical).containsExactly(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "12, 13         | 12;13",
            "1234,567       | 1234;567",
            "1,2345         | 1;2345",
            "COVID-19       | 19",
            "3-4            | 3;4",
            "x=-5           | -5",
            "version 1.2.3  | 1.2;3",
            "2eggs          | 2"})
    void should_split_what_is_not_one_number(String text, String canonicals) {
        assertThat(tokens(text)).extracting(NumberToken::canonical).containsExactly(canonicals.split(";"));
    }

    @Test
    void should_find_the_last_number() {
        assertThat(NumberScanner.last("3 apples and 1,500 pears.").canonical()).isEqualTo("1500");
        assertThat(NumberScanner.last("no numbers here")).isNull();
    }

    @Test
    void should_find_a_sole_number_only_when_the_rest_is_allowed() {
        assertThat(NumberScanner.sole("  -12 ", Character::isWhitespace).canonicalInteger()).isEqualTo("-12");
        assertThat(NumberScanner.sole("12 apples", Character::isWhitespace)).isNull();
        assertThat(NumberScanner.sole("12 13", Character::isWhitespace)).isNull();
        assertThat(NumberScanner.sole("", Character::isWhitespace)).isNull();
    }

    @Test
    void should_know_integers_from_other_numbers() {
        assertThat(tokens("42.000").get(0).isInteger()).isTrue();
        assertThat(tokens("42.5").get(0).isInteger()).isFalse();
        assertThat(tokens("1e3").get(0).isInteger()).isFalse();
        assertThat(tokens("1/2").get(0).isInteger()).isFalse();
    }

    @Test
    void should_compute_values_of_decimals_exponents_and_fractions() {
        assertThat(tokens("1.5e3").get(0).toBigDecimal()).isEqualByComparingTo(new BigDecimal("1500"));
        assertThat(tokens("-3/4").get(0).toBigDecimal()).isEqualByComparingTo(new BigDecimal("-0.75"));
    }

    @Test
    void should_read_a_million_digits_in_one_token() {
        String digits = "5" + "0".repeat(999_999);
        List<NumberToken> found = tokens("x " + digits + " y");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).canonicalInteger()).isEqualTo(digits);
        assertThat(found.get(0).length()).isEqualTo(1_000_000);
    }

    private static List<NumberToken> tokens(String text) {
        NumberScanner scanner = new NumberScanner(text.strip());
        List<NumberToken> out = new ArrayList<>();
        for (NumberToken token = scanner.next(); token != null; token = scanner.next()) {
            out.add(token);
        }
        return out;
    }
}
