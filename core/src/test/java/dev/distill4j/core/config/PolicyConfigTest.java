package dev.distill4j.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The training.policy section: the rounds of onpolicy, grpo and rft. */
class PolicyConfigTest {
    @Test
    void should_read_the_section_and_default_the_group_size_by_mode() {
        PipelineConfig config = PipelineConfigLoader.parse("""
                run: {name: demo}
                tasks: {family: arith}
                training:
                  mode: grpo
                  policy: {rounds: 7, prompts_per_round: 5, beta: 0.04, learning_rate: 2.0e-4}
                """, "p.yaml");
        PolicyConfig policy = config.training().policyOrDefault();
        assertThat(policy.rounds()).isEqualTo(7);
        assertThat(policy.promptsPerRound()).isEqualTo(5);
        assertThat(policy.beta()).isEqualTo(0.04);
        assertThat(policy.learningRate()).isEqualTo(2.0e-4);
        assertThat(policy.groupSizeFor(TrainingMode.GRPO)).isEqualTo(8);
        assertThat(policy.groupSizeFor(TrainingMode.RFT)).isEqualTo(4);
        assertThat(policy.groupSizeFor(TrainingMode.ONPOLICY)).isEqualTo(1);
        assertThat(PolicyConfig.builder().groupSize(3).build().groupSizeFor(TrainingMode.GRPO)).isEqualTo(3);
    }

    @Test
    void should_keep_the_hash_of_a_config_without_the_section() {
        String yaml = """
                run: {name: demo}
                tasks: {family: arith}
                training: {mode: sft}
                """;
        PipelineConfig without = PipelineConfigLoader.parse(yaml, "p.yaml");
        assertThat(without.training().policy()).isNull();
        assertThat(without.training().policyOrDefault().rounds()).isEqualTo(50);
        PipelineConfig with = PipelineConfigLoader.parse(yaml.replace("{mode: sft}", "{mode: sft, policy: {rounds: 9}}"), "p.yaml");
        assertThat(with.hash()).isNotEqualTo(without.hash());
    }

    @Test
    void should_name_the_field_of_a_bad_value() {
        assertThatThrownBy(() -> PipelineConfigLoader.parse("""
                run: {name: demo}
                tasks: {family: arith}
                training:
                  policy:
                    rounds: 0
                """, "p.yaml")).isInstanceOfSatisfying(ConfigException.class, error -> {
                    assertThat(error.field()).isEqualTo("training.policy.rounds");
                    assertThat(error.line()).isEqualTo(5);
                });
        assertThatThrownBy(() -> PipelineConfigLoader.parse("""
                run: {name: demo}
                tasks: {family: arith}
                training:
                  policy: {group_sise: 4}
                """, "p.yaml")).isInstanceOf(ConfigException.class).hasMessageContaining("group_sise");
    }
}
