package dev.distill4j.tasks.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskRequest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExtractFamilyTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern EXPERT_LINE = Pattern.compile("([a-z_]+): \"(.*)\" -> (.*)");
    private static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "invoice", Set.of("invoice_number", "customer", "date", "total", "currency"),
            "order", Set.of("order_id", "customer", "item", "quantity", "unit_price", "currency"),
            "booking", Set.of("booking_ref", "guest", "hotel", "check_in", "check_out", "guests"));

    private final ExtractFamily family = new ExtractFamily();

    private List<Task> generate(int n, long seed, Split split, Map<String, Object> options) {
        return family.generate(new TaskRequest(n, seed, split, options));
    }

    private static JsonNode reference(Task task) {
        try {
            return JSON.readTree(task.reference());
        } catch (Exception e) {
            throw new AssertionError("reference is not JSON: " + task.reference(), e);
        }
    }

    /** The document part of the prompt, without the instruction that names the fields. */
    private static String document(Task task) {
        return task.question().substring(task.question().indexOf("\n\nText:\n") + 8);
    }

    @Test
    void should_be_found_by_the_service_loader() {
        assertThat(TaskFamilies.discover().get("extract")).isInstanceOf(ExtractFamily.class);
    }

    @Test
    void should_make_the_same_tasks_for_the_same_request_and_other_tasks_for_another_seed() {
        List<Task> first = generate(100, 42, Split.TRAIN, Map.of());
        assertThat(generate(100, 42, Split.TRAIN, Map.of())).isEqualTo(first);
        assertThat(generate(100, 43, Split.TRAIN, Map.of())).isNotEqualTo(first);
    }

    @Test
    void should_never_put_the_same_record_on_both_sides() {
        List<Task> train = generate(2_000, 1, Split.TRAIN, Map.of());
        List<Task> eval = generate(500, 2, Split.EVAL, Map.of());
        assertThat(train).allMatch(t -> t.split() == Split.TRAIN);
        assertThat(eval).allMatch(t -> t.split() == Split.EVAL);
        Set<String> trainIds = train.stream().map(Task::id).collect(Collectors.toSet());
        assertThat(eval).noneMatch(t -> trainIds.contains(t.id()));
        // The record is the kind and the reference: the same record in another template must not cross over.
        Set<String> trainRecords = train.stream().map(t -> t.metadata().get("kind") + t.reference()).collect(Collectors.toSet());
        assertThat(eval).noneMatch(t -> trainRecords.contains(t.metadata().get("kind") + t.reference()));
    }

    @Test
    void should_decide_the_split_by_the_record_whatever_the_template() {
        BusinessRecord record = RecordDraw.draw(Kind.INVOICE, new java.util.SplittableRandom(3));
        TextStyle style = new TextStyle(DateStyle.ISO, AmountStyle.CODE_AFTER, false);
        ExtractProblem letter = new ExtractProblem(record, Templates.ALL.get(0), style);
        ExtractProblem email = new ExtractProblem(record, Templates.ALL.get(1), style);
        assertThat(letter.canonical()).isEqualTo(email.canonical());
        assertThat(letter.identity()).isNotEqualTo(email.identity());
    }

    @Test
    void should_give_distinct_tasks_within_a_request() {
        List<Task> tasks = generate(2_000, 5, Split.TRAIN, Map.of());
        assertThat(tasks.stream().map(Task::id).distinct()).hasSize(2_000);
        assertThat(tasks.stream().map(Task::question).distinct()).hasSize(2_000);
    }

    @Test
    void should_use_every_template_and_kind_over_a_moderate_run() {
        List<Task> tasks = generate(300, 6, Split.TRAIN, Map.of());
        assertThat(tasks.stream().map(t -> t.metadata().get("template")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("invoice_letter", "invoice_email", "invoice_memo", "order_email",
                        "order_chat", "order_note", "booking_letter", "booking_chat");
        assertThat(tasks.stream().map(t -> t.metadata().get("date_style")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("iso", "day_first", "month_first", "long", "short");
        assertThat(tasks.stream().map(t -> t.metadata().get("amount_style")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("symbol", "code_after", "code_before", "european");
    }

    @Test
    void should_give_a_sorted_compact_json_reference_with_the_kinds_fields_and_a_normaliser_for_each() {
        for (Task task : generate(300, 7, Split.EVAL, Map.of())) {
            JsonNode reference = reference(task);
            List<String> keys = new ArrayList<>();
            reference.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).isSorted().containsExactlyInAnyOrderElementsOf(FIELDS.get((String) task.metadata().get("kind")));
            assertThat(task.reference()).doesNotContain(" \"", "\n").startsWith("{\"");
            assertThat(task.verifier().type()).isEqualTo("json-fields");
            @SuppressWarnings("unchecked")
            Map<String, String> normalisers = (Map<String, String>) task.verifier().options().get("fields");
            assertThat(normalisers.keySet()).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(normalisers.values()).allMatch(Set.of("text", "exact", "number", "integer", "date")::contains);
        }
    }

    @Test
    void should_state_every_reference_value_in_the_text() {
        for (Task task : generate(600, 8, Split.TRAIN, Map.of())) {
            String text = document(task);
            JsonNode reference = reference(task);
            Map<String, String> normalisers = fieldNormalisers(task);
            List<LocalDate> dates = TextReading.dates(text);
            List<TextReading.Amount> amounts = TextReading.amounts(text);
            for (Iterator<String> it = reference.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                JsonNode value = reference.get(field);
                String where = field + " in:\n" + text;
                switch (normalisers.get(field)) {
                    case "date" -> assertThat(dates).as(where).contains(LocalDate.parse(value.asText()));
                    case "number" -> assertThat(amounts).as(where)
                            .anyMatch(a -> a.value().compareTo(value.decimalValue()) == 0
                                    && a.currency().equals(reference.get("currency").asText()));
                    case "integer" -> assertThat(text).as(where).containsPattern(
                            "(?<![\\d.,])" + value.asInt() + "(?![\\d.,]\\d)|\\b" + word(value.asInt()) + "\\b");
                    case "exact", "text" -> {
                        if (!field.equals("currency")) {
                            assertThat(text).as(where).contains(value.asText());
                        }
                    }
                    default -> throw new AssertionError("unexpected normaliser for " + field);
                }
            }
            assertThat(task.metadata()).containsKeys("kind", "template", "difficulty");
            assertThat((Integer) task.metadata().get("difficulty")).isPositive();
        }
    }

    @Test
    void should_write_expert_lines_that_quote_the_text_and_end_with_the_reference() {
        for (Task task : generate(600, 9, Split.EVAL, Map.of())) {
            String text = document(task);
            JsonNode reference = reference(task);
            String[] lines = task.expertSolution().split("\n");
            assertThat(lines[lines.length - 1]).isEqualTo("Answer: " + task.reference());
            assertThat(lines).hasSize(reference.size() + 1);
            for (int i = 0; i < lines.length - 1; i++) {
                Matcher m = EXPERT_LINE.matcher(lines[i]);
                assertThat(m.matches()).as(lines[i]).isTrue();
                String field = m.group(1);
                String quoted = m.group(2);
                assertThat(text).as(task.expertSolution()).contains(quoted);
                JsonNode value = reference.get(field);
                if (value.isTextual()) {
                    assertThat(m.group(3)).isEqualTo(value.asText());
                } else {
                    assertThat(new BigDecimal(m.group(3))).isEqualByComparingTo(value.decimalValue());
                }
                if (fieldNormalisers(task).get(field).equals("date")) {
                    // The quoted snippet alone must denote the reference date.
                    assertThat(TextReading.dates(quoted)).containsExactly(LocalDate.parse(reference.get(field).asText()));
                }
            }
        }
    }

    @Test
    void should_draw_only_the_chosen_kinds_and_templates() {
        assertThat(generate(60, 1, Split.TRAIN, Map.of("kinds", "invoice,booking")))
                .allMatch(t -> Set.of("invoice", "booking").contains(t.metadata().get("kind")))
                .anyMatch(t -> t.metadata().get("kind").equals("booking"));
        assertThat(generate(30, 1, Split.TRAIN, Map.of("templates", List.of("order_chat"))))
                .allMatch(t -> t.metadata().get("template").equals("order_chat"));
        assertThat(generate(30, 1, Split.TRAIN, Map.of("kinds", List.of("order"), "templates", "order_note,order_chat")))
                .allMatch(t -> Set.of("order_note", "order_chat").contains(t.metadata().get("template")));
    }

    @Test
    void should_reject_unknown_options_kinds_and_templates_with_suggestions() {
        assertThatThrownBy(() -> generate(1, 1, Split.TRAIN, Map.of("kind", "invoice")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'kind'").hasMessageContaining("did you mean 'kinds'?");
        assertThatThrownBy(() -> generate(1, 1, Split.TRAIN, Map.of("kinds", "invoices")))
                .hasMessageContaining("unknown name 'invoices'").hasMessageContaining("did you mean 'invoice'?");
        assertThatThrownBy(() -> generate(1, 1, Split.TRAIN, Map.of("templates", "order_chta")))
                .hasMessageContaining("did you mean 'order_chat'?");
    }

    @Test
    void should_reject_a_template_of_a_kind_the_options_leave_out() {
        assertThatThrownBy(() -> generate(1, 1, Split.TRAIN, Map.of("kinds", "invoice", "templates", "order_chat")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("template 'order_chat' writes order documents");
        assertThatThrownBy(() -> generate(1, 1, Split.TRAIN, Map.of("kinds", "invoice,order", "templates", "order_chat")))
                .hasMessageContaining("at least one template of kind invoice");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fieldNormalisers(Task task) {
        return (Map<String, String>) task.verifier().options().get("fields");
    }

    private static String word(int n) {
        return n < NUMBER_WORDS.size() ? NUMBER_WORDS.get(n) : "\\d+-never";
    }
}
