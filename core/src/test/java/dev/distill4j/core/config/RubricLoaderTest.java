package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rubric files: what a good one holds, and errors at the file, line and column of the key (counted by hand). */
class RubricLoaderTest {
    private static final String GOOD = """
            name: helpfulness
            instructions: Grade the answer.
            scale: {min: 0, max: 10}
            pass_threshold: 0.6
            use_reference: false
            criteria:
              - name: correctness
                description: Solves the problem.
                weight: 2
              - name: clarity
                description: Easy to follow.
            examples:
              - question: What is 1 + 1?
                answer: "2"
                scores: {correctness: 10, clarity: 8}
                reason: Right.
            """;

    private static ConfigException errorOf(String yaml) {
        try {
            RubricLoader.parse(yaml, "rubric.yaml");
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void should_read_every_part_of_a_rubric() {
        Rubric rubric = RubricLoader.parse(GOOD, "rubric.yaml");

        assertThat(rubric.name()).isEqualTo("helpfulness");
        assertThat(rubric.instructions()).isEqualTo("Grade the answer.");
        assertThat(rubric.scale()).isEqualTo(new RubricScale(0, 10));
        assertThat(rubric.passThreshold()).isEqualTo(0.6);
        assertThat(rubric.useReference()).isFalse();
        assertThat(rubric.criteria()).containsExactly(new RubricCriterion("correctness", "Solves the problem.", 2),
                new RubricCriterion("clarity", "Easy to follow.", 1));
        assertThat(rubric.examples()).singleElement().satisfies(example -> {
            assertThat(example.reference()).isNull();
            assertThat(example.scores()).containsExactlyInAnyOrderEntriesOf(Map.of("correctness", 10, "clarity", 8));
        });
    }

    @Test
    void should_fill_in_the_defaults() {
        Rubric rubric = RubricLoader.parse("""
                name: plain
                criteria:
                  - name: correctness
                    description: Solves the problem.
                """, "rubric.yaml");

        assertThat(rubric.scale()).isEqualTo(RubricScale.ONE_TO_FIVE);
        assertThat(rubric.passThreshold()).isEqualTo(0.5);
        assertThat(rubric.useReference()).isTrue();
        assertThat(rubric.criteria().get(0).weight()).isEqualTo(1.0);
        assertThat(rubric.instructions()).isEqualTo(Rubric.DEFAULT_INSTRUCTIONS);
        assertThat(rubric.examples()).isEmpty();
    }

    @Test
    void should_score_the_weighted_mean_of_the_normalised_criterion_scores() {
        Rubric rubric = RubricLoader.parse(GOOD, "rubric.yaml");

        // correctness 7 on 0..10 -> 0.7, weight 2; clarity 4 -> 0.4, weight 1: (1.4 + 0.4) / 3 = 0.6, a pass at 0.6.
        double score = rubric.score(Map.of("correctness", 7, "clarity", 4));

        assertThat(score).isCloseTo(0.6, offset(1e-12));
        assertThat(rubric.passes(score)).isTrue();
        assertThat(rubric.passes(rubric.score(Map.of("correctness", 6, "clarity", 6)))).isTrue();
        assertThat(rubric.passes(rubric.score(Map.of("correctness", 5, "clarity", 7)))).isFalse();
    }

    @Test
    void should_change_the_hash_and_verifier_when_a_criterion_changes_but_not_the_name() {
        Rubric rubric = RubricLoader.parse(GOOD, "rubric.yaml");
        Rubric heavier = RubricLoader.parse(GOOD.replace("weight: 2", "weight: 3"), "rubric.yaml");

        assertThat(rubric.hash()).hasSize(16).isNotEqualTo(heavier.hash());
        assertThat(rubric.hash()).isEqualTo(RubricLoader.parse(GOOD, "other.yaml").hash());
        assertThat(rubric.verifierSpec().options()).containsExactly(Map.entry("hash", rubric.hash()), Map.entry("rubric", "helpfulness"));
    }

    @Test
    void should_point_at_a_weight_out_of_range() {
        ConfigException error = errorOf(GOOD.replace("weight: 2", "weight: -1"));

        assertThat(error.getMessage()).isEqualTo("rubric.yaml:9:5: criteria[0].weight: expected a number > 0, got -1");
    }

    @Test
    void should_suggest_the_known_key_for_a_typo() {
        ConfigException error = errorOf(GOOD.replace("pass_threshold", "pass_treshold"));

        assertThat(error.getMessage()).startsWith("rubric.yaml:4:1: pass_treshold: unknown key 'pass_treshold' (did you mean 'pass_threshold'?)");
    }

    @Test
    void should_refuse_a_scale_whose_top_is_not_above_its_bottom() {
        ConfigException error = errorOf(GOOD.replace("scale: {min: 0, max: 10}", "scale: {min: 5, max: 5}"));

        assertThat(error.getMessage()).isEqualTo("rubric.yaml:3:17: scale.max: expected an integer above min (5), got 5");
    }

    @Test
    void should_refuse_two_criteria_with_one_name() {
        ConfigException error = errorOf(GOOD.replace("name: clarity", "name: correctness"));

        assertThat(error.getMessage()).isEqualTo("rubric.yaml:10:5: criteria[1].name: expected a name no other criterion has, got"
                + " 'correctness' a second time");
    }

    @Test
    void should_refuse_an_example_score_out_of_the_scale() {
        ConfigException error = errorOf(GOOD.replace("clarity: 8}", "clarity: 11}"));

        assertThat(error.getMessage()).isEqualTo("rubric.yaml:15:5: examples[0].scores: clarity: expected an integer in 0..10, got 11");
    }

    @Test
    void should_refuse_an_example_without_a_score_for_every_criterion() {
        ConfigException error = errorOf(GOOD.replace("{correctness: 10, clarity: 8}", "{correctness: 10}"));

        assertThat(error.getMessage()).isEqualTo("rubric.yaml:15:5: examples[0].scores: expected a score for every criterion"
                + " (correctness, clarity), missing clarity");
    }

    @Test
    void should_refuse_a_fractional_example_score() {
        ConfigException error = errorOf(GOOD.replace("clarity: 8}", "clarity: 7.5}"));

        assertThat(error.getMessage()).isEqualTo("rubric.yaml:15:31: examples[0].scores.clarity: expected an integer, got 7.5");
    }

    @Test
    void should_require_criteria() {
        ConfigException error = errorOf("name: empty\ncriteria: []\n");

        assertThat(error.getMessage()).isEqualTo("rubric.yaml:2:1: criteria: expected one or more criteria, each with a name and a"
                + " description, got an empty list");
    }

    @Test
    void should_say_an_empty_file_is_not_a_rubric() {
        assertThat(errorOf("").getMessage()).isEqualTo("rubric.yaml:1:1: the file is empty; expected a rubric with at least a 'name' and"
                + " 'criteria'");
    }

    @Test
    void should_name_a_missing_file(@TempDir Path folder) {
        assertThatThrownBy(() -> RubricLoader.load(folder.resolve("nope.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.yaml: no such rubric file");
    }

    @Test
    void should_load_a_rubric_file(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("rubric.yaml"), GOOD);

        assertThat(RubricLoader.load(file)).isEqualTo(RubricLoader.parse(GOOD, "rubric.yaml"));
    }
}
