package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardPolicyTest {
    final GuardPolicy policy = GuardPolicy.standard();

    @Test
    void should_act_on_the_strongest_signal_by_band() {
        assertThat(policy.decide("a", Map.of("volume", 0.1, "extraction", 0.2)).action()).isEqualTo(GuardAction.ALLOW);
        assertThat(policy.decide("a", Map.of("volume", 0.1, "extraction", 0.6)).action()).isEqualTo(GuardAction.FLAG);
        assertThat(policy.decide("a", Map.of("volume", 0.75, "extraction", 0.6)).action()).isEqualTo(GuardAction.THROTTLE);
        assertThat(policy.decide("a", Map.of("volume", 0.9)).action()).isEqualTo(GuardAction.DEGRADE);
        assertThat(policy.decide("a", Map.of("volume", 0.2, "coverage", 0.97)).action()).isEqualTo(GuardAction.REFUSE);
    }

    @Test
    void should_give_the_flagged_signals_as_reasons_strongest_first() {
        GuardPolicy.Decision decision = policy.decide("a", Map.of("volume", 0.55, "extraction", 0.91, "novelty", 0.3));
        assertThat(decision.score()).isEqualTo(0.91);
        assertThat(decision.reasons()).containsExactly("extraction 0.91", "volume 0.55");
    }

    @Test
    void should_allow_an_allow_listed_evaluation_job_whatever_it_scores_but_keep_its_reasons() {
        GuardPolicy withEval = new GuardPolicy(0.5, 0.7, 0.85, 0.95, Set.of("nightly-eval"));
        GuardPolicy.Decision decision = withEval.decide("nightly-eval", Map.of("coverage", 0.99));
        assertThat(decision.action()).isEqualTo(GuardAction.ALLOW);
        assertThat(decision.reasons()).containsExactly("coverage 0.99");
        assertThat(withEval.decide("someone-else", Map.of("coverage", 0.99)).action()).isEqualTo(GuardAction.REFUSE);
    }

    @Test
    void should_refuse_bands_out_of_order_and_scores_outside_0_1() {
        assertThatThrownBy(() -> new GuardPolicy(0.8, 0.7, 0.85, 0.95, Set.of())).hasMessageContaining("bands must rise");
        assertThatThrownBy(() -> policy.decide("a", Map.of("volume", 1.5))).hasMessageContaining("'volume' scored 1.5");
    }

    @Test
    void should_degrade_by_default_to_one_answer_without_logprobs_or_working_and_take_any_other_set() {
        assertThat(policy.degradations()).containsExactlyInAnyOrder(Degradation.ONE_SAMPLE, Degradation.NO_LOGPROBS, Degradation.FINAL_ANSWER_ONLY);
        assertThat(new GuardPolicy(0.5, 0.7, 0.85, 0.95, Set.of()).degradations()).isEqualTo(policy.degradations());
        GuardPolicy rounded = policy.withDegradations(Set.of(Degradation.ROUNDED_LOGPROBS));
        assertThat(rounded.degradations()).containsExactly(Degradation.ROUNDED_LOGPROBS);
        assertThat(rounded.degradeAt()).isEqualTo(0.85);
        assertThatThrownBy(() -> policy.withDegradations(null)).hasMessageContaining("degradations");
    }

    @Test
    void should_degrade_any_key_with_a_score_and_never_refuse_under_degrade_only() {
        GuardPolicy policy = GuardPolicy.degradeOnly(java.util.Set.of(Degradation.NO_LOGPROBS));
        assertThat(policy.decide("fresh", java.util.Map.of()).action()).isEqualTo(GuardAction.ALLOW);
        assertThat(policy.decide("scored", java.util.Map.of("volume", 0.001)).action()).isEqualTo(GuardAction.DEGRADE);
        assertThat(policy.decide("caught", java.util.Map.of("extraction_parameters", 1.0)).action()).isEqualTo(GuardAction.DEGRADE);
        assertThat(policy.degradations()).containsExactly(Degradation.NO_LOGPROBS);
        // The standard policy leaves a key with no signal alone.
        assertThat(GuardPolicy.standard().decide("fresh", java.util.Map.of()).action()).isEqualTo(GuardAction.ALLOW);
    }
}
