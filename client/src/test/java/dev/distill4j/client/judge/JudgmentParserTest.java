package dev.distill4j.client.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.client.judge.JudgmentParser.Comparison;
import dev.distill4j.client.judge.JudgmentParser.Parsed;
import dev.distill4j.client.judge.JudgmentParser.Preference;
import dev.distill4j.client.judge.JudgmentParser.Problem;
import dev.distill4j.client.judge.JudgmentParser.Scores;
import dev.distill4j.client.judge.JudgmentParser.Unusable;
import dev.distill4j.client.judge.JudgmentParser.Usable;
import dev.distill4j.core.config.RubricLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the judge's output format accepts, and the kind and reason of everything it does not. */
class JudgmentParserTest {
    private final JudgmentParser parser = new JudgmentParser(RubricLoader.parse(JudgeStageTest.RUBRIC, "rubric.yaml"));

    private Scores usable(String reply) {
        Parsed<Scores> parsed = parser.scores(reply, "stop");
        assertThat(parsed).as(reply).isInstanceOf(Usable.class);
        return ((Usable<Scores>) parsed).value();
    }

    private Unusable<Scores> unusable(String reply, String finishReason) {
        Parsed<Scores> parsed = parser.scores(reply, finishReason);
        assertThat(parsed).as(reply).isInstanceOf(Unusable.class);
        return (Unusable<Scores>) parsed;
    }

    @Test
    void should_read_the_object_alone_fenced_or_amid_prose() {
        Scores expected = new Scores(Map.of("correctness", 4, "clarity", 2), "Fine.");
        String json = "{\"scores\": {\"correctness\": 4, \"clarity\": 2}, \"reason\": \"Fine.\"}";

        assertThat(usable(json)).isEqualTo(expected);
        assertThat(usable("```json\n" + json + "\n```")).isEqualTo(expected);
        assertThat(usable("My judgment: " + json + " Hope that helps.")).isEqualTo(expected);
        // 4.0 is the integer 4.
        assertThat(usable(json.replace("4,", "4.0,"))).isEqualTo(expected);
    }

    @Test
    void should_cut_a_long_reason() {
        String reason = "x".repeat(2_000);

        Scores scores = usable("{\"scores\": {\"correctness\": 4, \"clarity\": 2}, \"reason\": \"" + reason + "\"}");

        assertThat(scores.reason()).hasSize(JudgmentParser.MAX_REASON_CHARS).endsWith("...");
    }

    @Test
    void should_name_what_is_wrong_with_an_unusable_reply() {
        assertThat(unusable("", "stop")).isEqualTo(new Unusable<>(Problem.UNPARSABLE, "no JSON object in the reply: (empty)"));
        assertThat(unusable("As an AI, I cannot grade this.", "stop").problem()).isEqualTo(Problem.REFUSAL);
        assertThat(unusable("The answer is good", "length").problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(unusable("{\"scores\": {\"correctness\": 4", "length").problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(unusable("{scores: 4}", "stop").problem()).isEqualTo(Problem.UNPARSABLE);
        assertThat(unusable("[1, 2]", "stop").reason()).isEqualTo("no JSON object in the reply: '[1, 2]'");
        assertThat(unusable("{\"score\": 4, \"reason\": \"r\"}", "stop").reason())
                .isEqualTo("expected a \"scores\" object with a score per criterion, got nothing");
        assertThat(unusable("{\"scores\": {\"correctness\": \"4\", \"clarity\": 2}, \"reason\": \"r\"}", "stop").reason())
                .isEqualTo("scores.correctness: expected an integer in 1..5, got \"4\"");
        assertThat(unusable("{\"scores\": {\"correctness\": 4, \"clarity\": 2, \"style\": 3}, \"reason\": \"r\"}", "stop").reason())
                .isEqualTo("scores: expected scores only for the criteria (correctness, clarity), got style");
        assertThat(unusable("{\"scores\": {\"correctness\": 0, \"clarity\": 2}, \"reason\": \"r\"}", "stop").reason())
                .isEqualTo("scores: correctness: expected an integer in 1..5, got 0");
        assertThat(unusable("{\"scores\": {\"correctness\": 4, \"clarity\": 2}}", "stop"))
                .isEqualTo(new Unusable<>(Problem.INVALID, "expected a \"reason\" string, got nothing"));
    }

    @Test
    void should_read_a_pairwise_winner() {
        Parsed<Comparison> b = parser.comparison("{\"winner\": \"b\", \"reason\": \"B is right.\"}", "stop");
        Parsed<Comparison> other = parser.comparison("{\"winner\": \"both\", \"reason\": \"r\"}", "stop");

        assertThat(b).isEqualTo(new Usable<>(new Comparison(Preference.B, "B is right.")));
        assertThat(other).isEqualTo(new Unusable<>(Problem.INVALID, "expected \"winner\" to be \"A\", \"B\" or \"tie\", got \"both\""));
    }
}
