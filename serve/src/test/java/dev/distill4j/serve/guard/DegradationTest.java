package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DegradationTest {
    @Test
    void should_keep_the_last_line_of_a_worked_answer() {
        assertThat(Degradation.finalAnswer("12 + 9\n2+9=11 c1\n1+0+1=2 c0\nAnswer: 21")).isEqualTo("Answer: 21");
        assertThat(Degradation.finalAnswer("Natalia sold 48/2 = 24 clips in May.\nShe sold 48+24 = 72 clips.\n#### 72")).isEqualTo("#### 72");
    }

    @Test
    void should_skip_trailing_blank_lines_and_carriage_returns() {
        assertThat(Degradation.finalAnswer("step one\r\nAnswer: 5  \r\n\n   \n")).isEqualTo("Answer: 5");
    }

    @Test
    void should_leave_a_one_line_text_as_it_is_and_an_empty_one_empty() {
        assertThat(Degradation.finalAnswer("Answer: 7")).isEqualTo("Answer: 7");
        assertThat(Degradation.finalAnswer("")).isEmpty();
        assertThat(Degradation.finalAnswer("\n \n")).isEmpty();
    }

    @Test
    void should_remove_a_think_block_and_keep_the_rest_whole() {
        assertThat(Degradation.finalAnswer("<think>\n17 * 3: 7*3=21, 10*3=30\n</think>\n\nThe product is 51.\nAnswer: 51"))
                .isEqualTo("The product is 51.\nAnswer: 51");
        assertThat(Degradation.finalAnswer("Sure. <think>a</think>It is 4.<think>b</think> Done.")).isEqualTo("Sure. It is 4. Done.");
    }

    @Test
    void should_remove_a_block_opened_in_the_prompt_or_cut_off_by_max_tokens() {
        // DeepSeek-R1's template opens <think> in the prompt: the text starts inside the block.
        assertThat(Degradation.finalAnswer("so 51 it is\n</think>\nAnswer: 51")).isEqualTo("Answer: 51");
        assertThat(Degradation.finalAnswer("Let me see. <think>7*3=21, then")).isEqualTo("Let me see.");
    }

    @Test
    void should_round_logprobs_to_the_nearest_whole_nat_never_above_zero() {
        assertThat(Degradation.LOGPROB_STEP).isEqualTo(1.0);
        assertThat(Degradation.roundLogprob(-0.0001)).isEqualTo(0.0);
        assertThat(Degradation.roundLogprob(-0.4)).isEqualTo(0.0);
        assertThat(Degradation.roundLogprob(-0.5)).isEqualTo(0.0);
        assertThat(Degradation.roundLogprob(-0.51)).isEqualTo(-1.0);
        assertThat(Degradation.roundLogprob(-1.5)).isEqualTo(-1.0);
        assertThat(Degradation.roundLogprob(-2.6)).isEqualTo(-3.0);
        assertThat(Degradation.roundLogprob(-13.2)).isEqualTo(-13.0);
        // A float sum can come out a hair above 0; a probability above 1 would be a lie.
        assertThat(Degradation.roundLogprob(1e-7)).isEqualTo(0.0);
        assertThat(Degradation.roundLogprob(Double.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
        // +0.0, not -0.0, which JSON would print as "-0.0".
        assertThat(Double.doubleToRawLongBits(Degradation.roundLogprob(-0.2))).isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    void should_parse_config_names_and_list_the_valid_ones_for_an_unknown_name() {
        assertThat(Degradation.parse("rounded_logprobs")).isEqualTo(Degradation.ROUNDED_LOGPROBS);
        assertThat(Degradation.FINAL_ANSWER_ONLY.configName()).isEqualTo("final_answer_only");
        assertThat(Degradation.parseList("one_sample, final_answer_only")).isEqualTo(EnumSet.of(Degradation.ONE_SAMPLE, Degradation.FINAL_ANSWER_ONLY));
        assertThat(Degradation.names(Set.of(Degradation.FINAL_ANSWER_ONLY, Degradation.ONE_SAMPLE))).isEqualTo("one_sample,final_answer_only");
        assertThatThrownBy(() -> Degradation.parse("no_logprob")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown degradation 'no_logprob': expected one of one_sample, no_logprobs, rounded_logprobs, final_answer_only");
        assertThatThrownBy(() -> Degradation.parseList(" , ")).hasMessageContaining("no degradation");
    }
}
