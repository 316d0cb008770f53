package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.client.TeacherEndpoint;
import dev.distill4j.client.score.EchoScorer;
import dev.distill4j.client.score.ScoredSpan;
import dev.distill4j.client.score.ScoringText;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.model.LocalModel;
import dev.distill4j.serve.OpenAiServer;
import dev.distill4j.serve.ServeConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EchoScorer against distill4j's own server (here rather than in the client module, which serve depends on): the
 * teacher's scores of a completion after a rendered chat prompt. The shipped teacher tokenises by character, so every
 * character of the completion is one scored token.
 */
class ScoreServedTeacherTest {
    @Test
    void should_score_every_character_of_a_completion_with_the_served_teacher() throws Exception {
        try (LocalModel model = LocalModel.load(DemoCommandTest.TEACHER);
                OpenAiServer server = OpenAiServer.start(model, ServeConfig.builder().port(0).modelName("teacher-arith").maxBatch(4).build());
                EchoScorer scorer = EchoScorer.of(TeacherEndpoint.builder().name("served").baseUrl(server.baseUrl())
                        .model("teacher-arith").build())) {
            String prompt = model.template().render(List.of(ChatMessage.user("What is 12 + 7?")), true);
            List<ScoringText> texts = List.of(new ScoringText(prompt + "12 + 7 = 19<|end|>", prompt.length()),
                    new ScoringText(prompt + "It is 20.", prompt.length()));

            List<List<ScoredSpan>> scored = scorer.score(texts);

            assertThat(scored).hasSize(2);
            for (int i = 0; i < texts.size(); i++) {
                ScoringText text = texts.get(i);
                List<ScoredSpan> spans = scored.get(i);
                assertThat(spans).isNotEmpty();
                // Contiguous, from where the completion begins to the end of the text: nothing of it unscored.
                assertThat(spans.getFirst().start()).isEqualTo(text.scoreFrom());
                assertThat(spans.getLast().end()).isEqualTo(text.text().length());
                for (int t = 1; t < spans.size(); t++) {
                    assertThat(spans.get(t).start()).isEqualTo(spans.get(t - 1).end());
                }
                assertThat(spans).allSatisfy(span -> assertThat(span.logprob()).isFinite().isLessThanOrEqualTo(0.0));
            }
            // One token per character, but "<|end|>" is one token of seven characters.
            assertThat(scored.get(0)).hasSize("12 + 7 = 19".length() + 1);
            assertThat(scored.get(0).getLast().end() - scored.get(0).getLast().start()).isEqualTo("<|end|>".length());
            assertThat(scorer.requests()).isEqualTo(1);
            assertThat(scorer.scoredTokens()).isEqualTo(scored.get(0).size() + scored.get(1).size());
        }
    }
}
