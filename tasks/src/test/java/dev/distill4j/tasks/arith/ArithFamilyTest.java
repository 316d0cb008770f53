package dev.distill4j.tasks.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskRequest;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ArithFamilyTest {
    private static final Pattern QUESTION = Pattern.compile("What is (\\d+) ([+*]) (\\d+)\\?");
    private final ArithFamily family = new ArithFamily();

    private List<Task> generate(int n, long seed, Split split, Map<String, Object> options) {
        return family.generate(new TaskRequest(n, seed, split, options));
    }

    /** The operands and operator as the prompt writes them. */
    private static Matcher question(Task task) {
        Matcher m = QUESTION.matcher(task.question());
        assertThat(m.matches()).as(task.question()).isTrue();
        return m;
    }

    /** An order-independent key worked out here, not taken from the family. */
    private static String commutedKey(Task task) {
        Matcher m = question(task);
        BigInteger a = new BigInteger(m.group(1));
        BigInteger b = new BigInteger(m.group(3));
        return m.group(2) + " " + a.min(b) + " " + a.max(b);
    }

    @Test
    void should_be_found_by_the_service_loader() {
        assertThat(TaskFamilies.discover().get("arith")).isInstanceOf(ArithFamily.class);
    }

    @Test
    void should_make_the_same_tasks_for_the_same_request_and_other_tasks_for_another_seed() {
        List<Task> first = generate(200, 42, Split.TRAIN, Map.of());
        assertThat(generate(200, 42, Split.TRAIN, Map.of())).isEqualTo(first);
        assertThat(generate(200, 43, Split.TRAIN, Map.of())).isNotEqualTo(first);
    }

    @Test
    void should_never_put_a_problem_or_its_commuted_form_on_both_sides() {
        List<Task> train = generate(4_000, 1, Split.TRAIN, Map.of("digits", "1-2"));
        List<Task> eval = generate(1_000, 2, Split.EVAL, Map.of("digits", "1-2"));
        assertThat(train).allMatch(t -> t.split() == Split.TRAIN);
        assertThat(eval).allMatch(t -> t.split() == Split.EVAL);

        Set<String> trainIds = train.stream().map(Task::id).collect(Collectors.toSet());
        assertThat(eval).noneMatch(t -> trainIds.contains(t.id()));
        Set<String> trainKeys = train.stream().map(ArithFamilyTest::commutedKey).collect(Collectors.toSet());
        assertThat(eval).noneMatch(t -> trainKeys.contains(commutedKey(t)));
        Set<String> trainWritten = train.stream().map(Task::question).collect(Collectors.toSet());
        for (Task task : eval) {
            Matcher m = question(task);
            assertThat(trainWritten).doesNotContain("What is " + m.group(3) + " " + m.group(2) + " " + m.group(1) + "?");
        }
    }

    @Test
    void should_give_distinct_problems_within_a_request_counting_commuted_ones_as_the_same() {
        // 2-digit addition has 4095 unordered pairs, about 800 of them eval: 700 forces many repeated draws.
        List<Task> tasks = generate(700, 5, Split.EVAL, Map.of("digits", 2, "ops", "add"));
        assertThat(tasks.stream().map(ArithFamilyTest::commutedKey).distinct()).hasSize(700);
        assertThat(tasks.stream().map(Task::id).distinct()).hasSize(700);
    }

    @Test
    void should_say_how_many_were_found_when_the_space_is_too_small() {
        // One-digit addition has only 55 unordered pairs, so it cannot hold 100 eval problems.
        assertThatThrownBy(() -> generate(100, 1, Split.EVAL, Map.of("digits", "1", "ops", "add")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found only")
                .hasMessageContaining("of the 100 requested")
                .hasMessageContaining("widen 'digits' (now 1)");
    }

    @Test
    void should_give_references_equal_to_big_integer_arithmetic_on_the_prompt_numbers() {
        for (Task task : generate(500, 7, Split.TRAIN, Map.of("digits", "1-9"))) {
            Matcher m = question(task);
            BigInteger a = new BigInteger(m.group(1));
            BigInteger b = new BigInteger(m.group(3));
            BigInteger expected = m.group(2).equals("+") ? a.add(b) : a.multiply(b);
            assertThat(task.reference()).isEqualTo(expected.toString());
            assertThat(task.verifier()).isEqualTo(VerifierSpec.of("integer"));
            assertThat(task.messages()).hasSize(1);
            assertThat(task.messages().get(0).role()).isEqualTo("user");
        }
    }

    @Test
    void should_end_every_scratchpad_with_the_reference_and_pass_the_audit() {
        for (Task task : generate(500, 8, Split.EVAL, Map.of("digits", "1-6"))) {
            String[] lines = task.expertSolution().split("\n");
            assertThat(lines[lines.length - 1]).isEqualTo("Answer: " + task.reference());
            assertThat(ScratchpadAudit.problemsIn(task.expertSolution())).as(task.expertSolution()).isEmpty();
        }
    }

    @Test
    void should_keep_every_four_by_four_product_under_500_characters() {
        List<Task> tasks = generate(300, 9, Split.TRAIN, Map.of("digits", 4, "ops", "mul"));
        assertThat(tasks).allSatisfy(t -> assertThat(t.expertSolution().length()).isLessThan(500));
    }

    @Test
    void should_draw_digit_counts_independently_and_record_them_in_metadata() {
        List<Task> tasks = generate(1_000, 3, Split.TRAIN, Map.of());
        Set<List<Object>> shapes = new HashSet<>();
        for (Task task : tasks) {
            Matcher m = question(task);
            int digitsA = m.group(1).length();
            int digitsB = m.group(3).length();
            assertThat(digitsA).isBetween(2, 4);
            assertThat(digitsB).isBetween(2, 4);
            assertThat(task.metadata()).containsEntry("op", m.group(2).equals("+") ? "add" : "mul")
                    .containsEntry("digits_a", digitsA)
                    .containsEntry("digits_b", digitsB)
                    .containsEntry("difficulty", Math.max(digitsA, digitsB));
            shapes.add(List.of(task.metadata().get("op"), digitsA, digitsB));
        }
        // Both operations with all 9 digit-count pairs, 4 by 2 included.
        assertThat(shapes).hasSize(18).contains(List.of("mul", 4, 2));
    }

    @Test
    void should_accept_string_and_list_forms_of_the_same_options() {
        List<Task> defaults = generate(50, 4, Split.TRAIN, Map.of());
        assertThat(generate(50, 4, Split.TRAIN, Map.of("digits", "2-4", "ops", "add,mul"))).isEqualTo(defaults);
        assertThat(generate(50, 4, Split.TRAIN, Map.of("digits", List.of(2, 4), "ops", List.of("mul", "add"))))
                .isEqualTo(defaults);
        assertThat(generate(50, 4, Split.TRAIN, Map.of("digits", "2,4"))).isEqualTo(defaults);
    }

    @Test
    void should_draw_only_the_chosen_operation_and_digit_count() {
        List<Task> tasks = generate(100, 6, Split.TRAIN, Map.of("digits", "3", "ops", List.of("mul")));
        assertThat(tasks).allSatisfy(t -> assertThat(t.question()).matches("What is \\d{3} \\* \\d{3}\\?"));
    }

    @Test
    void should_reject_an_unknown_option_with_a_suggestion() {
        assertThatThrownBy(() -> generate(1, 1, Split.TRAIN, Map.of("digit", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'digit'")
                .hasMessageContaining("did you mean 'digits'?");
    }

    @Test
    void should_reject_digit_counts_outside_one_to_nine_and_unknown_operations() {
        assertThatThrownBy(() -> generate(1, 1, Split.TRAIN, Map.of("digits", "2-10")))
                .hasMessageContaining("option 'digits'").hasMessageContaining("within 1..9").hasMessageContaining("'2-10'");
        assertThatThrownBy(() -> generate(1, 1, Split.TRAIN, Map.of("digits", 0)))
                .hasMessageContaining("option 'digits'");
        assertThatThrownBy(() -> generate(1, 1, Split.TRAIN, Map.of("ops", "add,mull")))
                .hasMessageContaining("unknown name 'mull'").hasMessageContaining("did you mean 'mul'?");
    }
}
