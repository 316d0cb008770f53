package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code study:} section: the sample-efficiency study that {@code ./distill study} runs. Fresh students of
 * {@code preset} are trained for {@code steps} optimizer steps on nested subsets of each source (every size, every
 * seed) and evaluated on the pipeline's held-out tasks ({@code evaluation.n} of them).
 *
 * @param sources      data sources: {@code gold} (final answers only), {@code expert} (worked solutions),
 *                     {@code teacher-verified}, {@code teacher-unverified}, {@code teacher-kd} (verified rollouts
 *                     distilled with the teacher's top-k logprobs: needs {@code teacher.sampling.logprobs}); the
 *                     teacher sources need a teacher
 * @param sizes        nested subset sizes in examples, e.g. [64, 128, 256, 512, 1024]
 * @param seeds        one repeat per seed: its own task order, initial weights and batch order
 * @param presets      the students' sizes: micro, tiny, small or teacher; three or more (with four sizes or more) also fit a
 *                     scaling law L(N, D) to the students' held-out losses
 * @param steps        optimizer steps per student, the same for every subset size
 * @param workers      students trained at once (each gets its share of the cores)
 * @param fractions    the fractions of the teacher's accuracy whose cost the study reports, in (0, 1]
 */
@JsonDeserialize(builder = StudyConfig.Builder.class)
public record StudyConfig(List<String> sources, List<Integer> sizes, List<Long> seeds, List<String> presets, int steps,
        int batchSize, double learningRate,
        double warmupRatio, int workers, List<Double> fractions) {

    /** The data sources a study knows, by their config names. */
    public static final List<String> SOURCES = List.of("gold", "expert", "teacher-verified", "teacher-unverified", "teacher-kd");
    static final List<String> PRESETS = List.of("micro", "tiny", "small", "teacher");

    public StudyConfig {
        if (sources == null || sources.isEmpty()) {
            throw new InvalidFieldException("sources", "expected one or more of " + SOURCES);
        }
        for (int i = 0; i < sources.size(); i++) {
            if (!SOURCES.contains(sources.get(i))) {
                throw new InvalidFieldException("sources[" + i + "]", "expected one of " + SOURCES + ", got '" + sources.get(i) + "'");
            }
        }
        distinct("sources", sources);
        if (sizes == null || sizes.isEmpty()) {
            throw new InvalidFieldException("sizes", "expected one or more subset sizes, such as [64, 256, 1024]");
        }
        for (int i = 0; i < sizes.size(); i++) {
            Fields.atLeast("sizes[" + i + "]", Fields.required("sizes[" + i + "]", sizes.get(i), "an integer >= 1"), 1);
        }
        distinct("sizes", sizes);
        if (seeds == null || seeds.isEmpty()) {
            throw new InvalidFieldException("seeds", "expected one or more seeds, such as [1, 2]");
        }
        distinct("seeds", seeds);
        if (presets == null || presets.isEmpty()) {
            throw new InvalidFieldException("presets", "expected one or more of " + PRESETS);
        }
        for (int i = 0; i < presets.size(); i++) {
            if (!PRESETS.contains(presets.get(i))) {
                throw new InvalidFieldException("presets[" + i + "]", "expected one of " + PRESETS + ", got '" + presets.get(i) + "'");
            }
        }
        distinct("presets", presets);
        Fields.atLeast("steps", steps, 1);
        Fields.atLeast("batch_size", batchSize, 1);
        Fields.between("learning_rate", learningRate, 0, true, 1, false);
        Fields.between("warmup_ratio", warmupRatio, 0, false, 1, true);
        Fields.atLeast("workers", workers, 1);
        if (fractions == null || fractions.isEmpty()) {
            throw new InvalidFieldException("fractions", "expected one or more fractions of the teacher's accuracy, such as [0.5, 0.9, 0.95]");
        }
        for (int i = 0; i < fractions.size(); i++) {
            Fields.between("fractions[" + i + "]", Fields.required("fractions[" + i + "]", fractions.get(i), "a number in (0, 1]"), 0, true, 1, false);
        }
        sources = List.copyOf(sources);
        sizes = List.copyOf(sizes);
        seeds = List.copyOf(seeds);
        presets = List.copyOf(presets);
        fractions = List.copyOf(fractions);
    }

    private static void distinct(String field, List<?> values) {
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (!seen.add(values.get(i))) {
                throw new InvalidFieldException(field + "[" + i + "]", "expected distinct values, got " + values.get(i) + " a second time");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().sources(sources).sizes(sizes).seeds(seeds).presets(presets).steps(steps).batchSize(batchSize)
                .learningRate(learningRate).warmupRatio(warmupRatio).workers(workers).fractions(fractions);
    }

    /**
     * Starts from the defaults: every source, five sizes from 64 to 1024, two seeds, micro students of 1,000 steps
     * of 32 at 5e-3 (on 2-digit addition a micro student passes its sudden jump in accuracy by then; docs/study.md).
     */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private List<String> sources = List.of("gold", "expert", "teacher-verified", "teacher-unverified");
        private List<Integer> sizes = List.of(64, 128, 256, 512, 1024);
        private List<Long> seeds = List.of(1L, 2L);
        private List<String> presets = List.of("micro");
        private int steps = 1000;
        private int batchSize = 32;
        private double learningRate = 5e-3;
        private double warmupRatio = 0.05;
        private int workers = 2;
        private List<Double> fractions = List.of(0.5, 0.9, 0.95);

        public Builder sources(List<String> value) { sources = value; return this; }
        public Builder sizes(List<Integer> value) { sizes = value; return this; }
        public Builder seeds(List<Long> value) { seeds = value; return this; }
        public Builder presets(List<String> value) { presets = value; return this; }
        public Builder steps(int value) { steps = value; return this; }
        public Builder batchSize(int value) { batchSize = value; return this; }
        public Builder learningRate(double value) { learningRate = value; return this; }
        public Builder warmupRatio(double value) { warmupRatio = value; return this; }
        public Builder workers(int value) { workers = value; return this; }
        public Builder fractions(List<Double> value) { fractions = value; return this; }

        public StudyConfig build() {
            return new StudyConfig(sources, sizes, seeds, presets, steps, batchSize, learningRate, warmupRatio, workers, fractions);
        }
    }
}
