package dev.distill4j.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Json;
import dev.distill4j.core.VerifierSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an LLM judge scores an answer on: criteria with weights, an integer scale, the normalised score an answer
 * needs to pass, and worked examples. Read one from YAML with {@link RubricLoader}.
 *
 * <p>An answer's score is the weighted mean of its criterion scores, each mapped to [0, 1] on the scale
 * ({@link #score(Map)}); it passes at {@code passThreshold} or above.
 *
 * @param name          names the rubric in verdicts ({@code judge{hash=..., rubric=<name>}}): letters, digits, '.', '_', '-'
 * @param instructions  what the judge is asked to do, before the criteria (default: a neutral grader's instructions)
 * @param scale         the integer scale of every criterion (default 1..5)
 * @param passThreshold the normalised score in [0, 1] at which an answer passes (default 0.5)
 * @param useReference  whether the task's reference answer is shown to the judge (default true): reference-guided
 *                      grading agrees with people more where a task has one (Zheng et al. 2023, MT-Bench)
 * @param criteria      one or more criteria with distinct names
 * @param examples      worked judgments shown first (default none)
 */
@JsonDeserialize(builder = Rubric.Builder.class)
public record Rubric(String name, String instructions, RubricScale scale, double passThreshold, boolean useReference,
        List<RubricCriterion> criteria, List<RubricExample> examples) {
    public static final String DEFAULT_INSTRUCTIONS = "You are a strict, fair grader. Judge the answer to the question against"
            + " each criterion below. Judge only what the answer says; its length, tone and confidence earn nothing by themselves.";

    public Rubric {
        Fields.name("name", name, "a rubric name such as 'helpfulness'");
        instructions = instructions == null ? DEFAULT_INSTRUCTIONS : Fields.text("instructions", instructions, "the judge's instructions");
        scale = scale == null ? RubricScale.ONE_TO_FIVE : scale;
        Fields.between("pass_threshold", passThreshold, 0, 1);
        if (criteria == null || criteria.isEmpty()) {
            throw new InvalidFieldException("criteria", "expected one or more criteria, each with a name and a description, got "
                    + (criteria == null ? "nothing" : "an empty list"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < criteria.size(); i++) {
            if (criteria.get(i) == null) {
                throw new InvalidFieldException("criteria[" + i + "]", "expected a criterion with a name and a description, got nothing");
            }
            if (!seen.add(criteria.get(i).name())) {
                throw new InvalidFieldException("criteria[" + i + "].name", "expected a name no other criterion has, got '"
                        + criteria.get(i).name() + "' a second time");
            }
        }
        criteria = List.copyOf(criteria);
        examples = examples == null ? List.of() : List.copyOf(examples);
        for (int i = 0; i < examples.size(); i++) {
            String problem = problemWithScores(examples.get(i).scores(), criteria, scale);
            if (problem != null) {
                throw new InvalidFieldException("examples[" + i + "].scores", problem);
            }
        }
    }

    /** The criterion names, in rubric order. */
    public List<String> criterionNames() {
        return criteria.stream().map(RubricCriterion::name).toList();
    }

    /**
     * What is wrong with a judge's scores, or null when there is a score in the scale for every criterion and none
     * for anything else.
     */
    public String problemWithScores(Map<String, Integer> scores) {
        return problemWithScores(scores, criteria, scale);
    }

    private static String problemWithScores(Map<String, Integer> scores, List<RubricCriterion> criteria, RubricScale scale) {
        List<String> names = criteria.stream().map(RubricCriterion::name).toList();
        List<String> missing = new ArrayList<>();
        for (String criterion : names) {
            if (!scores.containsKey(criterion)) {
                missing.add(criterion);
            }
        }
        if (!missing.isEmpty()) {
            return "expected a score for every criterion (" + String.join(", ", names) + "), missing " + String.join(", ", missing);
        }
        Set<String> unknown = new TreeSet<>(scores.keySet());
        names.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            return "expected scores only for the criteria (" + String.join(", ", names) + "), got " + String.join(", ", unknown);
        }
        for (String criterion : names) {
            Integer score = scores.get(criterion);
            if (score == null || !scale.contains(score)) {
                return criterion + ": expected an integer in " + scale + ", got " + score;
            }
        }
        return null;
    }

    /**
     * The weighted mean of the criterion scores, each mapped to [0, 1] on the scale.
     *
     * @throws IllegalArgumentException for scores {@link #problemWithScores(Map)} objects to
     */
    public double score(Map<String, Integer> scores) {
        String problem = problemWithScores(scores);
        if (problem != null) {
            throw new IllegalArgumentException("field 'scores': " + problem);
        }
        double weighted = 0;
        double weights = 0;
        for (RubricCriterion criterion : criteria) {
            weighted += criterion.weight() * scale.normalised(scores.get(criterion.name()));
            weights += criterion.weight();
        }
        // Clamped against rounding: a mean of values in [0, 1] is in [0, 1].
        return Math.max(0, Math.min(1, weighted / weights));
    }

    public boolean passes(double score) {
        return score >= passThreshold;
    }

    /** 16 hex digits over the whole rubric: two rubrics with one name but other criteria get other verdicts. */
    public String hash() {
        try {
            return ContentKey.shortOf("distill4j-rubric-v1", Json.MAPPER.writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rubric could not be rendered as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The verifier spec its verdicts are stored under: {@code judge} with the rubric's name and hash, so a verdict key
     * ({@link dev.distill4j.core.Verdict#keyOf}) changes whenever the rubric does.
     */
    public VerifierSpec verifierSpec() {
        return VerifierSpec.of("judge", Map.of("rubric", name, "hash", hash()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts from the defaults named on the record's parameters and builds from YAML key by key, so an unknown key is
     * reported before a missing one; {@link #build()} validates.
     */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String name;
        private String instructions;
        private RubricScale scale;
        private double passThreshold = 0.5;
        private boolean useReference = true;
        private List<RubricCriterion> criteria;
        private List<RubricExample> examples;

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        public Builder scale(RubricScale scale) {
            this.scale = scale;
            return this;
        }

        public Builder passThreshold(double passThreshold) {
            this.passThreshold = passThreshold;
            return this;
        }

        public Builder useReference(boolean useReference) {
            this.useReference = useReference;
            return this;
        }

        public Builder criteria(List<RubricCriterion> criteria) {
            this.criteria = criteria;
            return this;
        }

        public Builder examples(List<RubricExample> examples) {
            this.examples = examples;
            return this;
        }

        public Rubric build() {
            return new Rubric(name, instructions, scale, passThreshold, useReference, criteria, examples);
        }
    }
}
