package dev.distill4j.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code tasks:} section: where the tasks come from, exactly one of a built-in family or a file.
 *
 * @param family  a task family on the class path ({@code arith}, {@code extract}), or null when {@code file} is set
 * @param file    a JSONL file of tasks (prompt, reference, verifier), or null when {@code family} is set
 * @param train   how many training tasks the family generates (default 1000, >= 0); a file's own splits decide otherwise
 * @param eval    how many evaluation tasks (default 200, >= 0)
 * @param seed    the seed tasks are generated from; null means the run's seed, which a {@link PipelineConfig} fills in
 * @param options the family's options, checked against the family by {@link ConfigCheck}
 */
@JsonDeserialize(builder = TasksConfig.Builder.class)
public record TasksConfig(String family, Path file, int train, int eval, Long seed, Map<String, Object> options) {
    public TasksConfig {
        if (family == null && file == null) {
            throw new InvalidFieldException("family", "expected exactly one of 'family' (a built-in task family) or 'file'"
                    + " (a JSONL file of tasks), got neither");
        }
        if (family != null && file != null) {
            throw new InvalidFieldException("file", "expected exactly one of 'family' or 'file', got both");
        }
        if (family != null) {
            Fields.text("family", family, "a task family name such as 'arith'");
        }
        Fields.atLeast("train", train, 0);
        Fields.atLeast("eval", eval, 0);
        options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
        if (file != null && !options.isEmpty()) {
            throw new InvalidFieldException("options", "expected no options with 'file' (options configure a task family), got "
                    + options.keySet());
        }
    }

    /** Whether a built-in family generates the tasks (rather than a file holding them). */
    public boolean fromFamily() {
        return family != null;
    }

    TasksConfig resolvedAgainst(Path base) {
        return file == null ? this : toBuilder().file(base.resolve(file).normalize()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().family(family).file(file).train(train).eval(eval).seed(seed).options(options);
    }

    /** Starts from the defaults named on the record's parameters; {@link #build()} validates. */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private String family;
        private Path file;
        private int train = 1000;
        private int eval = 200;
        private Long seed;
        private Map<String, Object> options = Map.of();

        public Builder family(String family) {
            this.family = family;
            return this;
        }

        public Builder file(Path file) {
            this.file = file;
            return this;
        }

        public Builder train(int train) {
            this.train = train;
            return this;
        }

        public Builder eval(int eval) {
            this.eval = eval;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder options(Map<String, Object> options) {
            this.options = options;
            return this;
        }

        public TasksConfig build() {
            return new TasksConfig(family, file, train, eval, seed, options);
        }
    }
}
