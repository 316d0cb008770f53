package dev.distill4j.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A worked judgment shown to the judge before the real one (few-shot): it fixes what a 2 and a 5 mean far better
 * than a description does. Its scores are checked against the rubric's criteria and scale by {@link Rubric}.
 *
 * @param question  the task as the judge would see it
 * @param answer    the answer judged
 * @param reference the reference answer, or null (shown only when the rubric uses references)
 * @param scores    a score per criterion
 * @param reason    the judge's short reason
 */
public record RubricExample(String question, String answer, String reference, Map<String, Integer> scores, String reason) {
    @JsonCreator
    public RubricExample(@JsonProperty("question") String question, @JsonProperty("answer") String answer,
            @JsonProperty("reference") String reference, @JsonProperty("scores") Map<String, Integer> scores,
            @JsonProperty("reason") String reason) {
        this.question = Fields.text("question", question, "the example's question");
        this.answer = Fields.text("answer", answer, "the example's answer");
        this.reference = reference;
        Fields.required("scores", scores, "a score per criterion");
        for (Map.Entry<String, Integer> score : scores.entrySet()) {
            Fields.required("scores." + score.getKey(), score.getValue(), "an integer score");
        }
        this.scores = Collections.unmodifiableMap(new TreeMap<>(scores));
        this.reason = Fields.text("reason", reason, "the example judgment's short reason");
    }
}
