package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
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
@JsonDeserialize(builder = RubricExample.Builder.class)
public record RubricExample(String question, String answer, String reference, Map<String, Integer> scores, String reason) {
    public RubricExample {
        Fields.text("question", question, "the example's question");
        Fields.text("answer", answer, "the example's answer");
        Fields.required("scores", scores, "a score per criterion");
        for (Map.Entry<String, Integer> score : scores.entrySet()) {
            Fields.required("scores." + score.getKey(), score.getValue(), "an integer score");
        }
        scores = Collections.unmodifiableMap(new TreeMap<>(scores));
        Fields.text("reason", reason, "the example judgment's short reason");
    }

    /** Builds from YAML key by key, so an unknown key is reported before a missing one; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String question;
        private String answer;
        private String reference;
        private Map<String, Integer> scores;
        private String reason;

        public Builder question(String question) {
            this.question = question;
            return this;
        }

        public Builder answer(String answer) {
            this.answer = answer;
            return this;
        }

        public Builder reference(String reference) {
            this.reference = reference;
            return this;
        }

        public Builder scores(Map<String, Integer> scores) {
            this.scores = scores;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public RubricExample build() {
            return new RubricExample(question, answer, reference, scores, reason);
        }
    }
}
