package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExtractionParametersTest {
    private static RequestEvent event(int n, boolean logprobs, int top, boolean scoring, double temperature) {
        return new RequestEvent("k", 0, 40, 100, n, logprobs, top, scoring, temperature);
    }

    @Test
    void should_score_a_campaign_that_asks_for_top_logprobs_and_many_samples_near_1() {
        List<RequestEvent> campaign = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            campaign.add(i % 2 == 0 ? event(8, true, 5, false, 1.0) : event(1, false, 0, true, 0.0));
        }
        assertThat(ExtractionParameters.score(campaign)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void should_score_chat_users_with_an_occasional_curious_request_low() {
        Random random = new Random(3);
        List<RequestEvent> benign = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Mostly one answer at an everyday temperature; one request in fifty asks for logprobs or two answers.
            boolean curious = random.nextInt(50) == 0;
            benign.add(event(curious ? 2 : 1, curious, 0, false, 0.2 + 0.8 * random.nextDouble()));
        }
        assertThat(ExtractionParameters.score(benign)).isLessThanOrEqualTo(0.05);
    }

    @Test
    void should_weigh_each_feature_by_how_extraction_shaped_it_is() {
        assertThat(ExtractionParameters.weight(event(1, false, 0, false, 0.7))).isZero();
        assertThat(ExtractionParameters.weight(event(1, false, 0, true, 0.0))).isEqualTo(1.0);
        assertThat(ExtractionParameters.weight(event(1, true, 20, false, 1.0))).isEqualTo(1.0);
        assertThat(ExtractionParameters.weight(event(1, true, 0, false, 1.0))).isEqualTo(0.3);
        assertThat(ExtractionParameters.weight(event(8, false, 0, false, 1.0))).isEqualTo(0.9);
        assertThat(ExtractionParameters.weight(event(1, false, 0, false, 1.5))).isEqualTo(0.4);
        assertThat(ExtractionParameters.score(List.of())).isZero();
    }

    @Test
    void should_wait_for_enough_requests_before_a_developer_trying_logprobs_scores_high() {
        List<RequestEvent> trying = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            trying.add(event(1, true, 5, false, 1.0));
        }
        // Three requests of weight 1: 3 / 30 of the way.
        assertThat(ExtractionParameters.score(trying)).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
    }
}
