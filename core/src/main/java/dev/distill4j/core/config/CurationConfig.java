package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;

/**
 * The {@code curation:} section: which verified samples become training examples.
 *
 * @param minScore        the lowest verifier score kept (default 1: full passes only; in [0, 1])
 * @param bestOfN         keep at most this many best-scoring samples per task, or null for all that pass
 * @param maxPerTask      a cap on examples per task after de-duplication, or null for none
 * @param dedup           duplicate removal (default near)
 * @param nearDupJaccard  n-gram Jaccard similarity at which two completions count as near duplicates
 *                        (default 0.8, in (0, 1])
 * @param shingle         the n of the word n-grams (shingles) that Jaccard similarity is measured over (default 5)
 * @param decontaminate   drop training examples that share an n-gram with an evaluation task (default true)
 * @param ngram           the n of those n-grams, in words (default 13, the length GPT-3's decontamination used)
 * @param minOverlap      how many distinct n-grams an example must share with the evaluation tasks to be dropped
 *                        (default 1: any shared n-gram)
 * @param minChars        the shortest completion kept (default 0)
 * @param maxChars        the longest completion kept, or null for no limit
 */
@JsonDeserialize(builder = CurationConfig.Builder.class)
public record CurationConfig(
        double minScore,
        Integer bestOfN,
        Integer maxPerTask,
        DedupMode dedup,
        double nearDupJaccard,
        int shingle,
        boolean decontaminate,
        int ngram,
        int minOverlap,
        int minChars,
        Integer maxChars) {
    public CurationConfig {
        Fields.between("min_score", minScore, 0, 1);
        Fields.atLeastOrNull("best_of_n", bestOfN, 1);
        Fields.atLeastOrNull("max_per_task", maxPerTask, 1);
        Fields.required("dedup", dedup, "one of none, exact, near");
        Fields.between("near_dup_jaccard", nearDupJaccard, 0, true, 1, false);
        Fields.atLeast("shingle", shingle, 1);
        Fields.atLeast("ngram", ngram, 1);
        Fields.atLeast("min_overlap", minOverlap, 1);
        Fields.atLeast("min_chars", minChars, 0);
        if (maxChars != null && maxChars < Math.max(1, minChars)) {
            throw new InvalidFieldException("max_chars", "expected an integer >= " + Math.max(1, minChars)
                    + " (and >= min_chars), got " + maxChars);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private double minScore = 1.0;
        private Integer bestOfN;
        private Integer maxPerTask;
        private DedupMode dedup = DedupMode.NEAR;
        private double nearDupJaccard = 0.8;
        private int shingle = 5;
        private boolean decontaminate = true;
        private int ngram = 13;
        private int minOverlap = 1;
        private int minChars;
        private Integer maxChars;

        public Builder minScore(double minScore) {
            this.minScore = minScore;
            return this;
        }

        public Builder bestOfN(Integer bestOfN) {
            this.bestOfN = bestOfN;
            return this;
        }

        public Builder maxPerTask(Integer maxPerTask) {
            this.maxPerTask = maxPerTask;
            return this;
        }

        public Builder dedup(DedupMode dedup) {
            this.dedup = dedup;
            return this;
        }

        public Builder nearDupJaccard(double nearDupJaccard) {
            this.nearDupJaccard = nearDupJaccard;
            return this;
        }

        public Builder shingle(int shingle) {
            this.shingle = shingle;
            return this;
        }

        public Builder minOverlap(int minOverlap) {
            this.minOverlap = minOverlap;
            return this;
        }

        public Builder decontaminate(boolean decontaminate) {
            this.decontaminate = decontaminate;
            return this;
        }

        public Builder ngram(int ngram) {
            this.ngram = ngram;
            return this;
        }

        public Builder minChars(int minChars) {
            this.minChars = minChars;
            return this;
        }

        public Builder maxChars(Integer maxChars) {
            this.maxChars = maxChars;
            return this;
        }

        public CurationConfig build() {
            return new CurationConfig(minScore, bestOfN, maxPerTask, dedup, nearDupJaccard, shingle, decontaminate, ngram, minOverlap,
                    minChars, maxChars);
        }
    }
}
