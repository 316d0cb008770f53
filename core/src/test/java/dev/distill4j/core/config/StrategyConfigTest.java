package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code teacher.strategy} section: read from YAML, defaults filled in, bad values refused at their line. */
class StrategyConfigTest {
    private static final String HEAD = """
            run: {name: demo}
            tasks: {family: arith}
            teacher:
              endpoints:
                - base_url: http://127.0.0.1:8000/v1
                  model: teacher-arith
              sampling: {n: 6}
            """;

    private static ConfigException errorOf(String strategy) {
        try {
            PipelineConfigLoader.parse(HEAD + strategy, "p.yaml");
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + strategy);
    }

    @Test
    void should_read_every_key_of_a_difficulty_strategy() {
        PipelineConfig config = PipelineConfigLoader.parse(HEAD + """
                  strategy:
                    kind: difficulty
                    samples: 2
                    verified: 3
                    max_samples: 32
                    give_up_after: 10
                """, "p.yaml");

        assertThat(config.teacher().strategy()).isEqualTo(new StrategyConfig(StrategyKind.DIFFICULTY, 2, 3, 32, 10));
    }

    @Test
    void should_fill_in_the_defaults_of_keys_left_out() {
        PipelineConfig config = PipelineConfigLoader.parse(HEAD + """
                  strategy:
                    kind: until_verified
                """, "p.yaml");

        assertThat(config.teacher().strategy()).isEqualTo(new StrategyConfig(StrategyKind.UNTIL_VERIFIED, null, 1, 16, 8));
    }

    @Test
    void should_ask_for_sampling_n_when_no_samples_are_named_and_cap_difficultys_first_round_at_give_up_after() {
        StrategyConfig fixed = StrategyConfig.fixed();
        StrategyConfig difficulty = StrategyConfig.builder().kind(StrategyKind.DIFFICULTY).giveUpAfter(4).build();

        assertThat(fixed.samplesGiven(6)).isEqualTo(6);
        assertThat(difficulty.samplesGiven(6)).isEqualTo(4);
        assertThat(difficulty.samplesGiven(3)).isEqualTo(3);
    }

    @Test
    void should_name_the_allowed_kinds_at_the_line_of_a_misspelt_one() {
        ConfigException error = errorOf("""
                  strategy:
                    kind: until-verified
                """);

        // Line 9 of HEAD + strategy; the value sits under 'strategy:', indented 4.
        assertThat(error.getMessage()).startsWith("p.yaml:9:5: teacher.strategy.kind: expected one of fixed, until_verified, difficulty,"
                + " got 'until-verified'");
    }

    @Test
    void should_refuse_a_cap_below_the_passes_wanted_at_the_cap() {
        ConfigException error = errorOf("""
                  strategy:
                    kind: until_verified
                    verified: 4
                    max_samples: 3
                """);

        assertThat(error.getMessage()).isEqualTo("p.yaml:11:5: teacher.strategy.max_samples: expected an integer >= 4, got 3");
    }

    @Test
    void should_refuse_giving_up_after_more_tries_than_the_cap_allows() {
        ConfigException error = errorOf("""
                  strategy:
                    kind: difficulty
                    max_samples: 8
                    give_up_after: 9
                """);

        assertThat(error.getMessage()).isEqualTo("p.yaml:11:5: teacher.strategy.give_up_after: expected an integer in [1, 8], got 9");
    }

    @Test
    void should_not_hold_give_up_after_against_the_cap_for_kinds_that_never_give_up() {
        StrategyConfig capped = StrategyConfig.builder().kind(StrategyKind.UNTIL_VERIFIED).maxSamples(1).build();

        assertThat(capped.giveUpAfter()).isEqualTo(8);
    }

    @Test
    void should_refuse_zero_samples() {
        ConfigException error = errorOf("""
                  strategy:
                    samples: 0
                """);

        assertThat(error.getMessage()).isEqualTo("p.yaml:9:5: teacher.strategy.samples: expected an integer >= 1, got 0");
    }
}
