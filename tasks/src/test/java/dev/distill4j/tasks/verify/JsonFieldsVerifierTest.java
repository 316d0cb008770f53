package dev.distill4j.tasks.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Judgement;
import dev.distill4j.core.VerifierSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonFieldsVerifierTest extends VerifierContractTest {
    private static final String INVOICE = "{\"customer\":\"Acme Corp\",\"date\":\"2024-03-05\",\"invoice\":\"INV-0042\","
            + "\"quantity\":12,\"total\":1234.5}";

    @Override
    VerifierSpec spec() {
        return VerifierSpec.of("json-fields", Map.of("fields", Map.of(
                "customer", "text", "date", "date", "invoice", "exact", "quantity", "integer", "total", "number")));
    }

    @Override
    String reference() {
        return INVOICE;
    }

    @Override
    String correctCompletion() {
        return "The invoice INV-0042 is from Acme Corp.\nAnswer: " + INVOICE;
    }

    @Override
    String wrongCompletion() {
        return "Answer: {\"customer\":\"Acme Corp\",\"date\":\"2024-03-06\",\"invoice\":\"INV-0042\",\"quantity\":12,\"total\":1234.5}";
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Answer: {\"customer\": \"  acme   CORP \", \"date\": \"2024/03/05\", \"invoice\": \" INV-0042 \", \"quantity\": \"12\", \"total\": \"1,234.50\"}",
            "Answer: {\"total\": 1234.500, \"quantity\": 12.0, \"invoice\": \"INV-0042\", \"date\": \"2024-03-05T17:30:00Z\", \"customer\": \"Acme Corp\"}",
            "Answer: {\"customer\": \"Acme Corp\", \"date\": \"2024-03-05T09:00\", \"invoice\": \"INV-0042\", \"quantity\": 12, \"total\": 1.2345e3}"})
    void should_accept_fields_equal_under_their_normalisers(String completion) {
        Judgement judgement = judge(completion);
        assertThat(judgement.pass()).as(judgement.reason()).isTrue();
        assertThat(judgement.score()).isEqualTo(1.0);
    }

    @Test
    void should_list_the_mismatches_and_give_partial_credit() {
        Judgement judgement = judge("Answer: {\"customer\": \"Acme Corp\", \"invoice\": \"inv-0042\", \"quantity\": 12, \"total\": 1243.5}");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).isEqualTo(
                "date: missing; invoice: expected \"INV-0042\", got \"inv-0042\"; total: expected 1234.5, got 1243.5");
        // customer and quantity match: 2 of 5 reference fields.
        assertThat(judgement.score()).isEqualTo(2.0 / 5.0);
    }

    @Test
    void should_give_no_partial_credit_when_it_is_off() {
        VerifierSpec allOrNothing = VerifierSpec.of("json-fields", Map.of("partial_credit", false));
        Judgement judgement = verifier(allOrNothing).verify(task("{\"a\":1,\"b\":2}", allOrNothing), "Answer: {\"a\": 1, \"b\": 3}");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.score()).isEqualTo(0.0);
    }

    @Test
    void should_count_extra_fields_against_the_answer_unless_allowed() {
        VerifierSpec strict = VerifierSpec.of("json-fields");
        Judgement judgement = verifier(strict).verify(task("{\"a\":1}", strict), "Answer: {\"a\": 1, \"note\": \"x\"}");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).isEqualTo("note: unexpected field");
        // One of two fields (the reference's and the extra one) is right.
        assertThat(judgement.score()).isEqualTo(0.5);
        VerifierSpec lenient = VerifierSpec.of("json-fields", Map.of("allow_extra", true));
        assertThat(verifier(lenient).verify(task("{\"a\":1}", lenient), "Answer: {\"a\": 1, \"note\": \"x\"}").pass()).isTrue();
    }

    @Test
    void should_say_and_more_when_many_fields_are_wrong() {
        VerifierSpec spec = VerifierSpec.of("json-fields");
        Judgement judgement = verifier(spec).verify(task("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}", spec), "Answer: {}");
        assertThat(judgement.reason()).isEqualTo("a: missing; b: missing; c: missing; and 2 more");
        assertThat(judgement.score()).isEqualTo(0.0);
    }

    @Test
    void should_reject_an_answer_that_is_not_an_object() {
        Judgement judgement = judge("```json\n[1, 2]\n```");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).isEqualTo("answer JSON is an array, expected an object");
    }

    @Test
    void should_reject_truncated_json() {
        Judgement judgement = judge("Answer: {\"customer\": \"Acme Corp\", \"date\": \"2024-");
        assertThat(judgement.pass()).isFalse();
        assertThat(judgement.reason()).contains("truncated");
    }

    @Test
    void should_infer_normalisers_for_fields_without_one() {
        VerifierSpec spec = VerifierSpec.of("json-fields");
        Judgement judgement = verifier(spec).verify(task("{\"name\":\"Ada\",\"n\":2}", spec), "Answer: {\"name\": \" ADA \", \"n\": 2.0}");
        assertThat(judgement.pass()).as(judgement.reason()).isTrue();
    }

    @Test
    void should_tell_a_wrong_type_from_a_wrong_value() {
        VerifierSpec spec = VerifierSpec.of("json-fields", Map.of("fields", Map.of("n", "integer", "d", "date")));
        Judgement judgement = verifier(spec).verify(task("{\"d\":\"2024-03-05\",\"n\":2}", spec),
                "Answer: {\"d\": \"March 5\", \"n\": 2.5}");
        assertThat(judgement.reason()).isEqualTo(
                "d: expected \"2024-03-05\", got \"March 5\" (not a date); n: expected 2, got 2.5 (not an integer)");
    }

    @Test
    void should_reject_an_unknown_normaliser_with_a_suggestion() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("total", "nubmer");
        assertThatThrownBy(() -> verifier(VerifierSpec.of("json-fields", Map.of("fields", fields))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'fields'")
                .hasMessageContaining("field 'total'")
                .hasMessageContaining("did you mean 'number'?");
    }
}
