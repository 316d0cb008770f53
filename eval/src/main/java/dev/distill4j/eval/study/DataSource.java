package dev.distill4j.eval.study;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a student's training answers come from. The same tasks, the same student, different data: the study's
 * question is how much each source teaches per example and per teacher query.
 */
public enum DataSource {
    /** The reference answer alone ("Answer: 45"): what a labelled data set without reasoning gives. */
    GOLD("gold", "the gold final answers only"),
    /** The expert's worked solutions: the programmatic stand-in for paid annotators. */
    EXPERT("expert", "the expert worked solutions"),
    /** The teacher's rollouts that passed the verifier and curation. */
    TEACHER_VERIFIED("teacher-verified", "the teacher's verified rollouts"),
    /** The teacher's first rollout for each task, right or wrong. */
    TEACHER_UNVERIFIED("teacher-unverified", "the teacher's unverified rollouts"),
    /**
     * The verified rollouts with the teacher's top-k logprobs at each of their tokens, learned by distillation
     * (cross-entropy and the KL to the teacher's distribution) instead of cross-entropy alone.
     */
    TEACHER_KD("teacher-kd", "the teacher's verified rollouts with its logprobs");

    private final String wireName;
    private final String description;

    DataSource(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** The name in configs, reports and model folders. */
    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    /** Whether building this source's data asks the teacher. */
    public boolean usesTeacher() {
        return this == TEACHER_VERIFIED || this == TEACHER_UNVERIFIED || this == TEACHER_KD;
    }

    /** The source of a curve's label: "expert", or "expert/tiny" where a study compares student sizes. */
    public static DataSource ofLabel(String label) {
        int slash = label.indexOf('/');
        return parse(slash < 0 ? label : label.substring(0, slash));
    }

    public static DataSource parse(String name) {
        for (DataSource source : values()) {
            if (source.wireName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown data source '" + name + "'; sources: "
                + Arrays.stream(values()).map(DataSource::wireName).collect(Collectors.joining(", ")));
    }
}
